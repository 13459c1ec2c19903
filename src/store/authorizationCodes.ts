import { createHash } from "node:crypto";

import type { Queryable } from "./db.ts";

/**
 * An authorization code reaches us twice: in the `authorized` push and in
 * the merchant's browser redirect. Whichever comes first claims the code
 * and exchanges it; the other finds it claimed. Codes are stored hashed.
 */
export function codeHash(authorizationCode: string): string {
  return createHash("sha256").update(authorizationCode).digest("hex");
}

export type CodeClaim = "claimed" | "exchanged" | "busy";

/** A claim older than this is taken over: its claimer died mid-exchange. */
const CLAIM_TIMEOUT_MS = 60_000;

export async function claimCode(
  db: Queryable,
  authorizationCode: string,
  nowMs: number,
): Promise<CodeClaim> {
  const hash = codeHash(authorizationCode);
  const claimed = await db.execute(
    `INSERT INTO authorization_code (code_hash, claimed_at_ms) VALUES ($1, $2)
     ON CONFLICT (code_hash) DO UPDATE SET claimed_at_ms = excluded.claimed_at_ms
     WHERE authorization_code.exchanged_at_ms IS NULL
       AND authorization_code.claimed_at_ms < $3`,
    [hash, nowMs, nowMs - CLAIM_TIMEOUT_MS],
  );
  if (claimed === 1) return "claimed";

  const rows = await db.query<{ exchanged: number | null }>(
    `SELECT exchanged_at_ms AS exchanged FROM authorization_code
     WHERE code_hash = $1`,
    [hash],
  );
  return rows[0]?.exchanged ? "exchanged" : "busy";
}

export async function markCodeExchanged(
  tx: Queryable,
  authorizationCode: string,
  authorizerAppId: string,
  nowMs: number,
): Promise<void> {
  await tx.execute(
    `UPDATE authorization_code SET exchanged_at_ms = $1, authorizer_app_id = $2
     WHERE code_hash = $3`,
    [nowMs, authorizerAppId, codeHash(authorizationCode)],
  );
}

/** Gives a claim back after a failed exchange, so a retry need not wait. */
export async function releaseCode(
  db: Queryable,
  authorizationCode: string,
): Promise<void> {
  await db.execute(
    `DELETE FROM authorization_code
     WHERE code_hash = $1 AND exchanged_at_ms IS NULL`,
    [codeHash(authorizationCode)],
  );
}

/** The authorizer a code was exchanged for, if it was. */
export async function exchangedFor(
  db: Queryable,
  authorizationCode: string,
): Promise<string | undefined> {
  const rows = await db.query<{ appId: string | null }>(
    `SELECT authorizer_app_id AS "appId" FROM authorization_code
     WHERE code_hash = $1 AND exchanged_at_ms IS NOT NULL`,
    [codeHash(authorizationCode)],
  );
  return rows[0]?.appId ?? undefined;
}
