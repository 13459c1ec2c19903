import type { SandboxLogger } from "./sandboxLogger.ts";

export interface SandboxTimers {
  after(delayMs: number, task: () => Promise<unknown>): void;
  every(intervalMs: number, task: () => Promise<unknown>): void;
  clear(): void;
}

/** Background work (ticket pushes) that stop() can cancel in one go. */
export function createSandboxTimers(logger: SandboxLogger): SandboxTimers {
  const timeouts = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();

  function run(task: () => Promise<unknown>): void {
    task().catch((error: unknown) => {
      logger.warn(
        { error: (error as Error).message },
        "background task failed",
      );
    });
  }

  return {
    after(delayMs, task) {
      const timeout = setTimeout(() => {
        timeouts.delete(timeout);
        run(task);
      }, delayMs);
      timeouts.add(timeout);
    },
    every(intervalMs, task) {
      intervals.add(setInterval(() => run(task), intervalMs));
    },
    clear() {
      timeouts.forEach((timeout) => clearTimeout(timeout));
      intervals.forEach((interval) => clearInterval(interval));
      timeouts.clear();
      intervals.clear();
    },
  };
}
