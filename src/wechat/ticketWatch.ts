import type { Logger } from "../logger.ts";
import { loadTicket } from "../store/componentCredentials.ts";
import type { Db } from "../store/db.ts";
import type { ComponentApi } from "./componentApi.ts";

/** WeChat pushes every 10 minutes; three missed pushes deserve a warning. */
const SILENCE_MS = 30 * 60_000;
const CHECK_EVERY_MS = 60_000;
/** api_start_push_ticket is a request, not a fix: ask at most this often. */
const RESUME_EVERY_MS = 10 * 60_000;

/**
 * Watches the component_verify_ticket pushes. When none came for 30
 * minutes (or none is stored when a token is needed) it warns and asks
 * WeChat to resume them with api_start_push_ticket.
 */
export class TicketWatch {
  private readonly startedMs: number;
  private lastResumeMs = -Infinity;
  private lastWarningMs = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      api: ComponentApi;
      componentAppId: string;
      componentAppSecret: string;
      logger: Logger;
      now: () => number;
    },
  ) {
    this.startedMs = deps.now();
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async check(): Promise<void> {
    const { db, componentAppId, now, logger } = this.deps;
    const ticket = await loadTicket(db, componentAppId).catch(() => undefined);
    const lastPushMs = ticket?.receivedAtMs ?? this.startedMs;
    const silentMs = now() - lastPushMs;
    if (silentMs < SILENCE_MS) return;

    if (now() - this.lastWarningMs >= SILENCE_MS) {
      this.lastWarningMs = now();
      logger.warn(
        { minutesSinceLastTicket: Math.floor(silentMs / 60_000) },
        "no component_verify_ticket push lately; check the authorization event URL",
      );
    }
    await this.requestResume();
  }

  /** Asks WeChat to push tickets again; rate-limited, never throws. */
  async requestResume(): Promise<void> {
    const { api, componentAppSecret, now, logger } = this.deps;
    if (now() - this.lastResumeMs < RESUME_EVERY_MS) return;
    this.lastResumeMs = now();

    try {
      await api.startPushTicket(componentAppSecret);
      logger.info({}, "asked WeChat to resume ticket pushes");
    } catch (error) {
      logger.error({ err: error }, "api_start_push_ticket failed");
    }
  }
}
