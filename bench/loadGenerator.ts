import { driveLoad } from "./driveLoad.ts";
import type { LoadRun } from "./loadRun.ts";

/**
 * The load generator's own process, so its work never shares an event loop
 * with a target's. It runs one LoadRun per IPC message, answering a
 * LoadResult, and exits when the orchestrator disconnects.
 */
process.on("message", (run: LoadRun) => {
  driveLoad(run).then(
    (result) => process.send!({ result }),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
