import {
  authorizerOf,
  type ComponentPush,
  type TicketPush,
} from "../parse/componentPush.ts";
import { SCHEMA_VERSION, type AuthorizationEvent } from "../publish/events.ts";
import { topics } from "../publish/topics.ts";
import type { Queryable } from "./db.ts";
import { enqueueEvent } from "./outbox.ts";

export interface RecordResult {
  /** True when the same push was stored before; nothing changed. */
  duplicate: boolean;
}

/**
 * Stores verified pushes inside the caller's transaction: each event once
 * (with its outbox row), and the ticket if it is the newest.
 */
export async function storePushes(
  tx: Queryable,
  pushes: readonly ComponentPush[],
  nowMs: number,
): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (const push of pushes) {
    results.push(
      push.infoType === "component_verify_ticket"
        ? await storeTicket(tx, push as TicketPush, nowMs)
        : await storeEvent(tx, push, nowMs),
    );
  }
  return results;
}

async function storeEvent(
  tx: Queryable,
  push: ComponentPush,
  receivedAtMs: number,
): Promise<RecordResult> {
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
  await enqueueEvent(tx, topics.authorizationEvents, key, event, receivedAtMs);
  return { duplicate: false };
}

/** The newest ticket wins; a repeated or older one changes nothing. */
async function storeTicket(
  tx: Queryable,
  push: TicketPush,
  receivedAtMs: number,
): Promise<RecordResult> {
  const changed = await tx.execute(
    `INSERT INTO component_ticket
       (component_app_id, ticket, create_time, received_at_ms)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (component_app_id) DO UPDATE SET
       ticket = excluded.ticket,
       create_time = excluded.create_time,
       received_at_ms = excluded.received_at_ms
     WHERE component_ticket.create_time < excluded.create_time
        OR (component_ticket.create_time = excluded.create_time
            AND component_ticket.ticket <> excluded.ticket)`,
    [
      push.componentAppId,
      push.componentVerifyTicket,
      push.createTime,
      receivedAtMs,
    ],
  );
  return { duplicate: changed === 0 };
}
