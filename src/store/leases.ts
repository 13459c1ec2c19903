import type { Queryable } from "./db.ts";

/**
 * A named lease in the database: at most one owner at a time across every
 * process that shares the store, released by its owner or by expiry (so a
 * crashed owner blocks others for one lease at most).
 */
export async function acquireLease(
  db: Queryable,
  name: string,
  owner: string,
  nowMs: number,
  durationMs: number,
): Promise<boolean> {
  const changed = await db.execute(
    `INSERT INTO lease (name, owner, expires_at_ms) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET
       owner = excluded.owner, expires_at_ms = excluded.expires_at_ms
     WHERE lease.expires_at_ms < $4 OR lease.owner = $2`,
    [name, owner, nowMs + durationMs, nowMs],
  );
  return changed === 1;
}

export async function releaseLease(
  db: Queryable,
  name: string,
  owner: string,
): Promise<void> {
  await db.execute("DELETE FROM lease WHERE name = $1 AND owner = $2", [
    name,
    owner,
  ]);
}
