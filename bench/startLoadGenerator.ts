import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

import { childEnv } from "./childEnv.ts";
import type { LoadResult, LoadRun } from "./loadRun.ts";

export interface LoadGenerator {
  pid: number;
  run(run: LoadRun): Promise<LoadResult>;
  stop(): Promise<void>;
}

type Reply = { result: LoadResult } | { error: string };

/** The load generator's process, kept for the whole bench, driven by IPC. */
export function startLoadGenerator(): LoadGenerator {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "bench/loadGenerator.ts"],
    {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: childEnv(),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const exit = once(child, "exit");

  return {
    pid: child.pid!,
    async run(run) {
      const replied = once(child, "message") as Promise<[Reply]>;
      const exitedFirst = exit.then(() => {
        throw new Error("the load generator exited in the middle of a run");
      });
      child.send(run);
      const [reply] = await Promise.race([replied, exitedFirst]);
      if ("error" in reply) throw new Error(`load generator: ${reply.error}`);
      return reply.result;
    },
    async stop() {
      if (child.connected) child.disconnect();
      await exit;
    },
  };
}
