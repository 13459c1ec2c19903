import { randomUUID } from "node:crypto";

import { ServiceError } from "../errors.ts";
import {
  SCHEMA_VERSION,
  type ReauthorizationNeededEvent,
} from "../publish/events.ts";
import { enqueueEvent } from "../store/outbox.ts";
import type { Logger } from "../logger.ts";
import {
  loadAuthorizer,
  markReauthorizationNeeded,
  saveAuthorizerTokens,
} from "../store/authorizers.ts";
import type { Db } from "../store/db.ts";
import { callWithToken, type TokenSource } from "./callWithToken.ts";
import { REFRESH_AHEAD_MS, type ComponentTokens } from "./componentTokens.ts";
import type { SingleRefresher } from "./singleRefresher.ts";
import type { WeChatClient } from "./wechatClient.ts";
import { isWeChatError } from "./wechatError.ts";

export interface AuthorizerTokensDeps {
  db: Db;
  client: WeChatClient;
  refresher: SingleRefresher;
  componentTokens: ComponentTokens;
  componentAppId: string;
  logger: Logger;
  now: () => number;
}

/** Each authorizer's access token, refreshed with its refresh token. */
export class AuthorizerTokens {
  constructor(private readonly deps: AuthorizerTokensDeps) {}

  /** A TokenSource for one authorizer, for callWithToken. */
  for(authorizerAppId: string): TokenSource {
    const name = `authorizer_token:${authorizerAppId}`;
    return {
      current: () =>
        this.deps.refresher.run(
          name,
          () => this.usable(authorizerAppId),
          () => this.refresh(authorizerAppId),
        ),
      replace: (failedToken) =>
        this.deps.refresher.run(
          name,
          () => this.usable(authorizerAppId, failedToken),
          () => this.refresh(authorizerAppId),
        ),
    };
  }

  private async usable(authorizerAppId: string, refused?: string) {
    const record = await this.authorizedRecord(authorizerAppId);
    const expiresAtMs = record.accessTokenExpiresAtMs ?? 0;
    const fresh = expiresAtMs - REFRESH_AHEAD_MS > this.deps.now();
    return fresh && record.accessToken && record.accessToken !== refused
      ? record.accessToken
      : undefined;
  }

  private async refresh(authorizerAppId: string): Promise<string> {
    const { db, client, componentAppId, now } = this.deps;
    const record = await this.authorizedRecord(authorizerAppId);

    let answer: AuthorizerTokenAnswer;
    try {
      answer = await callWithToken(this.deps.componentTokens, (token) =>
        client.post<AuthorizerTokenAnswer>(
          "/cgi-bin/component/api_authorizer_token",
          {
            component_appid: componentAppId,
            authorizer_appid: authorizerAppId,
            authorizer_refresh_token: record.refreshToken,
          },
          { name: "component_access_token", value: token },
        ),
      );
    } catch (error) {
      if (isWeChatError(error, 61023)) {
        await this.reauthorizationNeeded(authorizerAppId);
      }
      throw error;
    }

    const usedRefreshToken = record.refreshToken!;
    await saveAuthorizerTokens(
      db,
      authorizerAppId,
      {
        accessToken: answer.authorizer_access_token,
        expiresAtMs: now() + answer.expires_in * 1000,
        // WeChat may rotate the refresh token; the new one must be kept.
        refreshToken: answer.authorizer_refresh_token || usedRefreshToken,
      },
      usedRefreshToken,
      now(),
    );
    this.deps.logger.info({ authorizerAppId }, "authorizer token refreshed");
    return answer.authorizer_access_token;
  }

  /** Marks the authorizer and tells the other teams, atomically. */
  private async reauthorizationNeeded(authorizerAppId: string): Promise<void> {
    const { db, now, componentAppId, logger } = this.deps;
    const event: ReauthorizationNeededEvent = {
      schemaVersion: SCHEMA_VERSION,
      eventId: randomUUID().replaceAll("-", ""),
      type: "reauthorization_needed",
      componentAppId,
      authorizerAppId,
      errcode: 61023,
      atMs: now(),
    };
    await db.transaction(async (tx) => {
      await markReauthorizationNeeded(tx, authorizerAppId, now());
      await enqueueEvent(
        tx,
        "authorization-events",
        authorizerAppId,
        event,
        now(),
      );
    });
    logger.warn(
      { authorizerAppId },
      "refresh token refused; merchant must authorize again",
    );
  }

  private async authorizedRecord(authorizerAppId: string) {
    const record = await loadAuthorizer(this.deps.db, authorizerAppId);
    if (!record || record.status !== "authorized" || !record.refreshToken) {
      throw new ServiceError(
        "AUTHORIZER_UNKNOWN",
        `Authorizer ${authorizerAppId} has no valid authorization stored ` +
          `(status ${record?.status ?? "unknown"})`,
        { details: { authorizerAppId } },
      );
    }
    return record;
  }
}

interface AuthorizerTokenAnswer {
  authorizer_access_token: string;
  expires_in: number;
  authorizer_refresh_token?: string;
}
