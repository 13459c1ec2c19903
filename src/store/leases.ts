import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

import type { Queryable } from "./db.ts";

const processStartMs = Math.round(performance.timeOrigin);

/**
 * A lease owner name: host, process id, process start and a random part.
 * The first three let a restarted process on the same host see that the
 * holder is dead, even when it got the same pid (pid 1 in a container).
 */
export function leaseOwner(): string {
  return `${hostname()}/${process.pid}/${processStartMs}/${randomUUID()}`;
}

/**
 * A named lease in the database: at most one owner at a time across every
 * process that shares the store, released by its owner or by expiry. A
 * holder on this host whose process is gone (a crash, then a restart)
 * loses it at once rather than at expiry.
 */
export async function acquireLease(
  db: Queryable,
  name: string,
  owner: string,
  nowMs: number,
  durationMs: number,
): Promise<boolean> {
  await dropDeadHolder(db, name, owner);
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

async function dropDeadHolder(db: Queryable, name: string, owner: string) {
  const rows = await db.query<{ owner: string }>(
    "SELECT owner FROM lease WHERE name = $1",
    [name],
  );
  const holder = rows[0]?.owner;
  if (!holder || holder === owner) return;

  const [holderHost, holderPid, holderStartMs] = holder.split("/");
  if (holderHost !== hostname()) return;
  if (isDead(Number(holderPid), Number(holderStartMs))) {
    await releaseLease(db, name, holder);
  }
}

function isDead(pid: number, startMs: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our own pid, but an earlier process start: our previous life.
  if (pid === process.pid) return startMs < processStartMs;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
