import type { Queryable } from "./db.ts";

export type AuthorizerStatus =
  | "authorized"
  | "revoked"
  /** The refresh token was refused (61023): only a new grant helps. */
  | "reauthorization_needed";

export interface AuthorizerRecord {
  authorizerAppId: string;
  status: AuthorizerStatus;
  accessToken: string | null;
  accessTokenExpiresAtMs: number | null;
  refreshToken: string | null;
  /** Granted permission set ids, ascending. */
  funcScopeIds: number[];
  /** func_info exactly as WeChat last returned it. */
  funcInfo: unknown[];
  /** CreateTime of the newest push applied, so older ones cannot undo it. */
  lastCreateTime: number;
  /** From api_get_authorizer_info; null until asked. */
  accountType: AccountType | null;
  updatedAtMs: number;
}

export type AccountType = "miniprogram" | "officialaccount";

interface AuthorizerRow {
  authorizerAppId: string;
  status: AuthorizerStatus;
  accessToken: string | null;
  accessTokenExpiresAtMs: number | null;
  refreshToken: string | null;
  funcScopeIds: string;
  funcInfo: string;
  lastCreateTime: number;
  accountType: AccountType | null;
  updatedAtMs: number;
}

export async function loadAuthorizer(
  db: Queryable,
  authorizerAppId: string,
): Promise<AuthorizerRecord | undefined> {
  const rows = await db.query<AuthorizerRow>(
    `SELECT authorizer_app_id AS "authorizerAppId", status,
       access_token AS "accessToken",
       access_token_expires_at_ms AS "accessTokenExpiresAtMs",
       refresh_token AS "refreshToken", func_scope_ids AS "funcScopeIds",
       func_info AS "funcInfo", last_create_time AS "lastCreateTime",
       account_type AS "accountType", updated_at_ms AS "updatedAtMs"
     FROM authorizer WHERE authorizer_app_id = $1`,
    [authorizerAppId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...row,
    funcScopeIds: JSON.parse(row.funcScopeIds) as number[],
    funcInfo: JSON.parse(row.funcInfo) as unknown[],
  };
}

export async function saveAuthorizer(
  tx: Queryable,
  record: AuthorizerRecord,
): Promise<void> {
  await tx.execute(
    `INSERT INTO authorizer (authorizer_app_id, status, access_token,
       access_token_expires_at_ms, refresh_token, func_scope_ids, func_info,
       last_create_time, updated_at_ms, account_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (authorizer_app_id) DO UPDATE SET
       status = excluded.status,
       access_token = excluded.access_token,
       access_token_expires_at_ms = excluded.access_token_expires_at_ms,
       refresh_token = excluded.refresh_token,
       func_scope_ids = excluded.func_scope_ids,
       func_info = excluded.func_info,
       last_create_time = excluded.last_create_time,
       updated_at_ms = excluded.updated_at_ms,
       account_type = excluded.account_type`,
    [
      record.authorizerAppId,
      record.status,
      record.accessToken,
      record.accessTokenExpiresAtMs,
      record.refreshToken,
      JSON.stringify(record.funcScopeIds),
      JSON.stringify(record.funcInfo),
      record.lastCreateTime,
      record.updatedAtMs,
      record.accountType,
    ],
  );
}

/**
 * Replaces an authorizer's tokens after a refresh, in one statement so the
 * access token and the refresh token that came with it never part. Nothing
 * changes if a re-authorization stored another refresh token meanwhile.
 */
export async function saveAuthorizerTokens(
  tx: Queryable,
  authorizerAppId: string,
  tokens: { accessToken: string; expiresAtMs: number; refreshToken: string },
  usedRefreshToken: string,
  nowMs: number,
): Promise<boolean> {
  const changed = await tx.execute(
    `UPDATE authorizer SET access_token = $1, access_token_expires_at_ms = $2,
       refresh_token = $3, updated_at_ms = $4
     WHERE authorizer_app_id = $5 AND refresh_token = $6`,
    [
      tokens.accessToken,
      tokens.expiresAtMs,
      tokens.refreshToken,
      nowMs,
      authorizerAppId,
      usedRefreshToken,
    ],
  );
  return changed === 1;
}

export async function markReauthorizationNeeded(
  tx: Queryable,
  authorizerAppId: string,
  nowMs: number,
): Promise<void> {
  await tx.execute(
    `UPDATE authorizer SET status = 'reauthorization_needed',
       access_token = NULL, access_token_expires_at_ms = NULL,
       updated_at_ms = $1
     WHERE authorizer_app_id = $2`,
    [nowMs, authorizerAppId],
  );
}

export async function saveAccountType(
  db: Queryable,
  authorizerAppId: string,
  accountType: AccountType,
): Promise<void> {
  await db.execute(
    "UPDATE authorizer SET account_type = $1 WHERE authorizer_app_id = $2",
    [accountType, authorizerAppId],
  );
}
