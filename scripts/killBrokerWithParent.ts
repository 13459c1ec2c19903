import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";

const REAPER_PATH = fileURLToPath(
  new URL("./brokerReaper.mjs", import.meta.url),
);

/**
 * Makes sure `broker` dies with the current process. A normal exit kills it
 * at once; for deaths that run no JavaScript (SIGKILL, a crash, a signal with
 * no listener) a detached reaper process notices its stdin pipe closing and
 * kills the broker and deletes `tempDir`. Returns a function that removes both
 * guards, for use once the broker was stopped on purpose.
 */
export function killBrokerWithParent(
  broker: ChildProcess,
  tempDir: string,
): () => void {
  const killNow = () => broker.kill("SIGKILL");
  process.on("exit", killNow);

  const reaper = spawn(
    process.execPath,
    [REAPER_PATH, String(broker.pid), tempDir],
    { detached: true, stdio: ["pipe", "ignore", "ignore"] },
  );
  // Neither the reaper nor its pipe may keep this process alive.
  reaper.unref();
  (reaper.stdin as Socket | null)?.unref();
  reaper.on("error", () => {
    // The exit listener still covers ordinary exits.
  });

  return () => {
    process.off("exit", killNow);
    reaper.kill("SIGKILL");
  };
}
