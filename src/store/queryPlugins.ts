import type { Queryable } from "./db.ts";

/**
 * Where an authorizer's logistics query component stands.
 * applying → applied (the admin has 24 h to accept) → open; or
 * not_eligible, configuration_error, failed, withdrawn.
 */
export type QueryPluginState =
  | "applying"
  | "applied"
  | "open"
  | "not_eligible"
  | "configuration_error"
  | "failed"
  | "withdrawn";

export interface QueryPluginRecord {
  authorizerAppId: string;
  state: QueryPluginState;
  /** The permissions-changed event that granted set 45. */
  grantEventId: string;
  errcode: number | null;
  errmsg: string | null;
  attempts: number;
  appliedAtMs: number | null;
  updatedAtMs: number;
}

export async function loadQueryPlugin(
  db: Queryable,
  authorizerAppId: string,
): Promise<QueryPluginRecord | undefined> {
  const rows = await db.query<QueryPluginRecord>(
    `SELECT authorizer_app_id AS "authorizerAppId", state,
       grant_event_id AS "grantEventId", errcode, errmsg, attempts,
       applied_at_ms AS "appliedAtMs", updated_at_ms AS "updatedAtMs"
     FROM query_plugin WHERE authorizer_app_id = $1`,
    [authorizerAppId],
  );
  return rows[0];
}

export async function saveQueryPlugin(
  tx: Queryable,
  record: QueryPluginRecord,
): Promise<void> {
  await tx.execute(
    `INSERT INTO query_plugin (authorizer_app_id, state, grant_event_id,
       errcode, errmsg, attempts, applied_at_ms, updated_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (authorizer_app_id) DO UPDATE SET
       state = excluded.state,
       grant_event_id = excluded.grant_event_id,
       errcode = excluded.errcode,
       errmsg = excluded.errmsg,
       attempts = excluded.attempts,
       applied_at_ms = excluded.applied_at_ms,
       updated_at_ms = excluded.updated_at_ms`,
    [
      record.authorizerAppId,
      record.state,
      record.grantEventId,
      record.errcode,
      record.errmsg,
      record.attempts,
      record.appliedAtMs,
      record.updatedAtMs,
    ],
  );
}
