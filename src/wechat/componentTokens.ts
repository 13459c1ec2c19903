import { ServiceError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import {
  loadComponentToken,
  loadTicket,
  saveComponentToken,
} from "../store/componentCredentials.ts";
import type { Db } from "../store/db.ts";
import type { TokenSource } from "./callWithToken.ts";
import type { SingleRefresher } from "./singleRefresher.ts";
import type { WeChatClient } from "./wechatClient.ts";
import { isWeChatError } from "./wechatError.ts";

/** Refresh this long before expiry, so no call races the deadline. */
export const REFRESH_AHEAD_MS = 10 * 60_000;
/** WeChat keeps a ticket valid for 12 hours after pushing it. */
export const TICKET_LIFETIME_MS = 12 * 3600_000;

export interface ComponentTokensDeps {
  db: Db;
  client: WeChatClient;
  refresher: SingleRefresher;
  componentAppId: string;
  componentAppSecret: string;
  logger: Logger;
  now: () => number;
  /** Called when a token is needed but no usable ticket is stored. */
  onTicketMissing?: () => void;
}

/**
 * The component_access_token, kept in the store and read from it on every
 * use, so every process switches to a new token as soon as one refreshes.
 */
export class ComponentTokens implements TokenSource {
  constructor(private readonly deps: ComponentTokensDeps) {}

  current(): Promise<string> {
    return this.deps.refresher.run(
      "component_token",
      () => this.usable(),
      () => this.refresh(),
    );
  }

  replace(failedToken: string): Promise<string> {
    return this.deps.refresher.run(
      "component_token",
      () => this.usable(failedToken),
      () => this.refresh(),
    );
  }

  private async usable(refused?: string): Promise<string | undefined> {
    const { db, componentAppId, now } = this.deps;
    const stored = await loadComponentToken(db, componentAppId);
    const fresh = stored && stored.expiresAtMs - REFRESH_AHEAD_MS > now();
    return fresh && stored.accessToken !== refused
      ? stored.accessToken
      : undefined;
  }

  private async refresh(): Promise<string> {
    const { db, client, componentAppId, now, logger } = this.deps;
    const ticket = await loadTicket(db, componentAppId);
    if (!ticket || now() - ticket.receivedAtMs > TICKET_LIFETIME_MS) {
      this.deps.onTicketMissing?.();
      throw new ServiceError(
        "TICKET_MISSING",
        "No component_verify_ticket from the last 12 hours is stored; " +
          "WeChat pushes one every 10 minutes to the authorization event URL",
      );
    }

    const answer = await client
      .post<{
        component_access_token: string;
        expires_in: number;
      }>("/cgi-bin/component/api_component_token", {
        component_appid: componentAppId,
        component_appsecret: this.deps.componentAppSecret,
        component_verify_ticket: ticket.ticket,
      })
      .catch((error: unknown) => {
        // 61005/61006: the stored ticket is no good; ask for pushes again.
        if (isWeChatError(error) && error.errcodeClass === "ticket") {
          this.deps.onTicketMissing?.();
        }
        throw error;
      });
    const refreshedAtMs = now();
    await saveComponentToken(db, componentAppId, {
      accessToken: answer.component_access_token,
      expiresAtMs: refreshedAtMs + answer.expires_in * 1000,
      refreshedAtMs,
    });

    logger.info(
      { expiresInSeconds: answer.expires_in },
      "component token refreshed",
    );
    return answer.component_access_token;
  }
}
