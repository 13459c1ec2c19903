export interface DailyQuota {
  /** Counts one call for the key; false once the day's limit is used up. */
  take(key: string): boolean;
}

// WeChat's daily quotas reset at midnight Beijing time (UTC+8).
const UTC8_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function beijingDay(nowMs: number): number {
  return Math.floor((nowMs + UTC8_OFFSET_MS) / DAY_MS);
}

export function createDailyQuota(
  limit: number,
  nowMs: () => number,
): DailyQuota {
  const used = new Map<string, { day: number; count: number }>();

  function take(key: string): boolean {
    const day = beijingDay(nowMs());
    const entry = used.get(key);
    const count = entry !== undefined && entry.day === day ? entry.count : 0;
    if (count >= limit) return false;
    used.set(key, { day, count: count + 1 });

    return true;
  }

  return { take };
}
