/** The sandbox's notion of now: an injectable clock plus a scripted offset. */
export interface SandboxClock {
  nowMs(): number;
  nowSeconds(): number;
  /** Moves the sandbox's time forward, e.g. to expire tokens from a shell. */
  advance(ms: number): void;
}

export function createSandboxClock(now: () => number = Date.now) {
  let offsetMs = 0;
  const clock: SandboxClock = {
    nowMs: () => now() + offsetMs,
    nowSeconds: () => Math.floor(clock.nowMs() / 1000),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new Error(`the clock only moves forward; got ${ms} ms`);
      }
      offsetMs += ms;
    },
  };

  return clock;
}
