import type { Queryable } from "./db.ts";

/**
 * Where an authorizer's logistics query component stands:
 *
 *   queued ─▶ applying ─▶ applied ──(24 h, re-check)──▶ open
 *                 │          └──(lapsed: apply again, bounded)──▶ lapsed
 *                 ├─▶ open (933003)
 *                 ├─▶ not_eligible (933000/1/2; retried rarely)
 *                 ├─▶ configuration_error (933004)
 *                 ├─▶ not_applicable (not a Mini Program)
 *                 └─▶ failed (another permanent errcode)
 *   any state before open ─▶ withdrawn (set 45 revoked, or unauthorized)
 */
export type QueryPluginState =
  | "queued"
  | "applying"
  | "applied"
  | "open"
  | "lapsed"
  | "not_eligible"
  | "configuration_error"
  | "not_applicable"
  | "failed"
  | "withdrawn";

export interface QueryPluginRecord {
  authorizerAppId: string;
  state: QueryPluginState;
  /** The permissions-changed event that granted set 45. */
  grantEventId: string;
  /** When set 45 was granted: the queue runs oldest grant first. */
  grantedAtMs: number;
  errcode: number | null;
  errmsg: string | null;
  /** Calls made for this grant. */
  attempts: number;
  /** Applications WeChat accepted (errcode 0) for this grant. */
  applications: number;
  appliedAtMs: number | null;
  /** When the scheduler should look at it again; null: never. */
  nextActionAtMs: number | null;
  updatedAtMs: number;
}

const columns = `authorizer_app_id AS "authorizerAppId", state,
  grant_event_id AS "grantEventId", granted_at_ms AS "grantedAtMs",
  errcode, errmsg, attempts, applications, applied_at_ms AS "appliedAtMs",
  next_action_at_ms AS "nextActionAtMs", updated_at_ms AS "updatedAtMs"`;

export async function loadQueryPlugin(
  db: Queryable,
  authorizerAppId: string,
): Promise<QueryPluginRecord | undefined> {
  const rows = await db.query<QueryPluginRecord>(
    `SELECT ${columns} FROM query_plugin WHERE authorizer_app_id = $1`,
    [authorizerAppId],
  );
  return rows[0];
}

/** Records whose next action is due, oldest grant first. */
export async function dueQueryPlugins(
  db: Queryable,
  nowMs: number,
  limit: number,
): Promise<QueryPluginRecord[]> {
  return db.query<QueryPluginRecord>(
    `SELECT ${columns} FROM query_plugin
     WHERE next_action_at_ms IS NOT NULL AND next_action_at_ms <= $1
     ORDER BY granted_at_ms, authorizer_app_id LIMIT $2`,
    [nowMs, limit],
  );
}

/** Whether grants older than this one wait in the quota queue. */
export async function hasQueuedBefore(
  db: Queryable,
  grantedAtMs: number,
): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 AS found FROM query_plugin
     WHERE state = 'queued' AND granted_at_ms < $1 LIMIT 1`,
    [grantedAtMs],
  );
  return rows.length > 0;
}

export async function saveQueryPlugin(
  tx: Queryable,
  record: QueryPluginRecord,
): Promise<void> {
  await tx.execute(
    `INSERT INTO query_plugin (authorizer_app_id, state, grant_event_id,
       granted_at_ms, errcode, errmsg, attempts, applications, applied_at_ms,
       next_action_at_ms, updated_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (authorizer_app_id) DO UPDATE SET
       state = excluded.state,
       grant_event_id = excluded.grant_event_id,
       granted_at_ms = excluded.granted_at_ms,
       errcode = excluded.errcode,
       errmsg = excluded.errmsg,
       attempts = excluded.attempts,
       applications = excluded.applications,
       applied_at_ms = excluded.applied_at_ms,
       next_action_at_ms = excluded.next_action_at_ms,
       updated_at_ms = excluded.updated_at_ms`,
    [
      record.authorizerAppId,
      record.state,
      record.grantEventId,
      record.grantedAtMs,
      record.errcode,
      record.errmsg,
      record.attempts,
      record.applications,
      record.appliedAtMs,
      record.nextActionAtMs,
      record.updatedAtMs,
    ],
  );
}
