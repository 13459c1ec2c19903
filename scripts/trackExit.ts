import type { ChildProcess } from "node:child_process";

export interface ExitTracker {
  /** Settles when the process ends, whatever the reason. */
  exited: Promise<void>;
  /** Why the process ended, or undefined while it runs. */
  exitReason(): string | undefined;
}

/** Watches `child` for its end, including a failure to spawn at all. */
export function trackExit(child: ChildProcess): ExitTracker {
  let reason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on("close", (code, signal) => {
      reason ??= signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    });
    // A spawn failure emits `error`, which would crash without a listener.
    child.on("error", (error) => {
      reason ??= error.message;
      resolve();
    });
  });

  return { exited, exitReason: () => reason };
}
