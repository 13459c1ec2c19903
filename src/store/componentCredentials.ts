import type { Queryable } from "./db.ts";

export interface StoredTicket {
  ticket: string;
  createTime: number;
  receivedAtMs: number;
}

export interface StoredComponentToken {
  accessToken: string;
  expiresAtMs: number;
  refreshedAtMs: number;
}

export async function loadTicket(
  db: Queryable,
  componentAppId: string,
): Promise<StoredTicket | undefined> {
  const rows = await db.query<StoredTicket>(
    `SELECT ticket, create_time AS "createTime",
       received_at_ms AS "receivedAtMs"
     FROM component_ticket WHERE component_app_id = $1`,
    [componentAppId],
  );
  return rows[0];
}

export async function loadComponentToken(
  db: Queryable,
  componentAppId: string,
): Promise<StoredComponentToken | undefined> {
  const rows = await db.query<StoredComponentToken>(
    `SELECT access_token AS "accessToken", expires_at_ms AS "expiresAtMs",
       refreshed_at_ms AS "refreshedAtMs"
     FROM component_token WHERE component_app_id = $1`,
    [componentAppId],
  );
  return rows[0];
}

export async function saveComponentToken(
  db: Queryable,
  componentAppId: string,
  token: StoredComponentToken,
): Promise<void> {
  await db.execute(
    `INSERT INTO component_token
       (component_app_id, access_token, expires_at_ms, refreshed_at_ms)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (component_app_id) DO UPDATE SET
       access_token = excluded.access_token,
       expires_at_ms = excluded.expires_at_ms,
       refreshed_at_ms = excluded.refreshed_at_ms`,
    [componentAppId, token.accessToken, token.expiresAtMs, token.refreshedAtMs],
  );
}
