import { childEnv } from "./childEnv.ts";
import type { BenchTarget } from "./benchTarget.ts";
import { startNodeChild } from "./startNodeChild.ts";
import { waitFor } from "../test/support/waitFor.ts";

/** The bare express app, in a process of its own. */
export async function startBareApp(): Promise<BenchTarget> {
  const child = startNodeChild("bench/bareApp.ts", childEnv());
  const url = await waitFor(() => {
    if (child.exited()) {
      throw new Error(`the bare app exited:\n${child.output()}`);
    }
    return /^http:\/\/127\.0\.0\.1:\d+$/m.exec(child.output())?.[0];
  }, "the bare app to print its URL");

  return { name: "bare express", url, child, databasePath: null };
}
