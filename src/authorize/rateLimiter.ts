/**
 * A fixed-window limit per client address, in memory: each visit to the
 * authorization link costs a WeChat call, so one address may not spend
 * them freely. (Behind a proxy, set express's "trust proxy" so the
 * address is the client's.)
 */
export function rateLimiter(limitPerMinute: number, now: () => number) {
  let windowStartMs = 0;
  let counts = new Map<string, number>();

  return (clientAddress: string): boolean => {
    if (now() - windowStartMs >= 60_000) {
      windowStartMs = now();
      counts = new Map();
    }
    const count = (counts.get(clientAddress) ?? 0) + 1;
    counts.set(clientAddress, count);
    return count <= limitPerMinute;
  };
}
