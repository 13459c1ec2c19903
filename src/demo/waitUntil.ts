import { setTimeout as sleep } from "node:timers/promises";

/** Polls `check` until it holds; throws after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadlineMs) {
      throw new Error(`The demo did not settle within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}
