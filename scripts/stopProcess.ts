import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/** Sends SIGTERM and, if `child` is still running after `graceMs`, SIGKILL. */
export async function stopProcess(
  child: ChildProcess,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killTimer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(killTimer);
  }
}
