import type { Queryable } from "./db.ts";

const DAY_MS = 24 * 3600_000;
/** WeChat's quotas reset at midnight China time (UTC+8). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The China date ("2026-12-04") a quota day is counted under. */
export function quotaDay(nowMs: number): string {
  return new Date(nowMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** When the next quota day starts (midnight UTC+8), in epoch ms. */
export function nextQuotaDayMs(nowMs: number): number {
  const chinaMs = nowMs + CHINA_OFFSET_MS;
  return Math.floor(chinaMs / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS;
}

/**
 * Takes one call from today's budget, atomically across processes.
 * Answers false, changing nothing, when the budget is spent.
 */
export async function reserveQuotaCall(
  db: Queryable,
  api: string,
  dailyBudget: number,
  nowMs: number,
): Promise<boolean> {
  const day = quotaDay(nowMs);
  await db.execute(
    `INSERT INTO api_quota (api, day, calls) VALUES ($1, $2, 0)
     ON CONFLICT (api, day) DO NOTHING`,
    [api, day],
  );
  const changed = await db.execute(
    `UPDATE api_quota SET calls = calls + 1
     WHERE api = $1 AND day = $2 AND calls < $3`,
    [api, day, dailyBudget],
  );
  return changed === 1;
}

/** WeChat said the quota is spent (45009): spend ours too, for today. */
export async function exhaustQuota(
  db: Queryable,
  api: string,
  dailyBudget: number,
  nowMs: number,
): Promise<void> {
  await db.execute(
    `INSERT INTO api_quota (api, day, calls) VALUES ($1, $2, $3)
     ON CONFLICT (api, day) DO UPDATE SET calls = excluded.calls
     WHERE api_quota.calls < excluded.calls`,
    [api, quotaDay(nowMs), dailyBudget],
  );
}
