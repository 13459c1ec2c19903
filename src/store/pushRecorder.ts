import type { Logger } from "../logger.ts";
import { ServiceError } from "../errors.ts";
import {
  authorizerOf,
  type ComponentPush,
  type TicketPush,
} from "../parse/componentPush.ts";
import { SCHEMA_VERSION, type AuthorizationEvent } from "../publish/events.ts";
import { topics } from "../publish/topics.ts";
import type { Db, Queryable } from "./db.ts";
import { enqueueEvent } from "./outbox.ts";

export interface RecordResult {
  /** True when the same push was stored before; nothing changed. */
  duplicate: boolean;
}

interface Pending {
  push: ComponentPush;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

/** Enough to amortise one disk flush, small enough to answer promptly. */
const MAX_BATCH = 256;

/**
 * Stores verified pushes durably before the receiver answers `success`.
 * Pushes that arrive while a commit is under way wait for the next one and
 * share it (group commit), so a burst costs one disk flush, not one each.
 */
export class PushRecorder {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Called after each commit that stored something new. */
    private readonly onStored: () => void = () => undefined,
  ) {}

  record(push: ComponentPush): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ push, resolve, reject });
      if (!this.flushing) this.flushSoon();
    });
  }

  private flushSoon(): void {
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    try {
      const results = await this.db.transaction(async (tx) => {
        const stored: RecordResult[] = [];
        for (const { push } of batch) stored.push(await this.store(tx, push));
        return stored;
      });
      batch.forEach((item, index) => item.resolve(results[index]!));
      if (results.some((result) => !result.duplicate)) this.onStored();
    } catch (cause) {
      this.logger.error({ err: cause, pushes: batch.length }, "store failed");
      const error = new ServiceError(
        "STORE_UNAVAILABLE",
        "The push could not be stored; WeChat will send it again",
        { cause },
      );
      for (const item of batch) item.reject(error);
    }

    if (this.pending.length > 0) this.flushSoon();
    else this.flushing = false;
  }

  private async store(
    tx: Queryable,
    push: ComponentPush,
  ): Promise<RecordResult> {
    if (push.infoType === "component_verify_ticket") {
      return this.storeTicket(tx, push as TicketPush);
    }

    const receivedAtMs = this.now();
    const authorizerAppId = authorizerOf(push) ?? null;
    const inserted = await tx.execute(
      `INSERT INTO received_event (event_id, info_type, authorizer_app_id,
         create_time, received_at_ms, payload)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [
        push.eventId,
        push.infoType,
        authorizerAppId,
        push.createTime,
        receivedAtMs,
        JSON.stringify(push),
      ],
    );
    if (inserted === 0) return { duplicate: true };

    const event: AuthorizationEvent = {
      schemaVersion: SCHEMA_VERSION,
      eventId: push.eventId,
      type: "authorization",
      componentAppId: push.componentAppId,
      infoType: push.infoType,
      authorizerAppId,
      createTime: push.createTime,
      receivedAtMs,
    };
    const key = authorizerAppId ?? push.componentAppId;
    await enqueueEvent(
      tx,
      topics.authorizationEvents,
      key,
      event,
      receivedAtMs,
    );
    return { duplicate: false };
  }

  /** The newest ticket wins; a repeated or older one changes nothing. */
  private async storeTicket(
    tx: Queryable,
    push: TicketPush,
  ): Promise<RecordResult> {
    const changed = await tx.execute(
      `INSERT INTO component_ticket
         (component_app_id, ticket, create_time, received_at_ms)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (component_app_id) DO UPDATE SET
         ticket = excluded.ticket,
         create_time = excluded.create_time,
         received_at_ms = excluded.received_at_ms
       WHERE component_ticket.create_time < excluded.create_time`,
      [
        push.componentAppId,
        push.componentVerifyTicket,
        push.createTime,
        this.now(),
      ],
    );
    return { duplicate: changed === 0 };
  }
}
