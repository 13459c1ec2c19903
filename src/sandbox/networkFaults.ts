import { resolveApiPath } from "./resolveApiPath.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

/**
 * What the network does to one call: hold the answer back, or destroy the
 * socket before the call takes effect or after it did (the ambiguous case).
 */
export type NetworkFault =
  | { kind: "delay"; delayMs: number }
  | { kind: "drop" }
  | { kind: "dropAfterEffect" };

export interface NetworkFaults {
  /** Queues the fault for the next `times` calls to the API. */
  add(path: string, fault: NetworkFault, times: number): void;
  /** The fault for this call, if one is queued. */
  next(path: string): NetworkFault | undefined;
}

function checkFault(fault: NetworkFault, times: number): void {
  if (!Number.isInteger(times) || times < 1) {
    throw new SandboxScriptError(`times must be an integer >= 1; got ${times}`);
  }
  if (fault.kind !== "delay") return;
  const delayMs = fault.delayMs;
  if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new SandboxScriptError(
      `delayMs must be a number >= 0; got ${delayMs}`,
    );
  }
}

/** One queue per API, in the order scripted: each call takes one fault. */
export function createNetworkFaults(apiPaths: readonly string[]) {
  const queues = new Map<string, NetworkFault[]>();

  const faults: NetworkFaults = {
    add(path, fault, times) {
      const apiPath = resolveApiPath(apiPaths, path);
      checkFault(fault, times);

      const queue = queues.get(apiPath) ?? [];
      for (let i = 0; i < times; i += 1) queue.push({ ...fault });
      queues.set(apiPath, queue);
    },
    next: (path) => queues.get(path)?.shift(),
  };

  return faults;
}
