import { resolveApiPath } from "./resolveApiPath.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

export interface ScriptedAnswers {
  /** Queues errcodes for the next calls; 0 lets a call run normally. */
  add(path: string, errcodes: number[]): void;
  /** The scripted errcode for this call, if one is queued. */
  next(path: string): number | undefined;
}

export function createScriptedAnswers(
  apiPaths: readonly string[],
): ScriptedAnswers {
  const queues = new Map<string, number[]>();

  function add(path: string, errcodes: number[]): void {
    const apiPath = resolveApiPath(apiPaths, path);
    if (!Array.isArray(errcodes) || !errcodes.every(Number.isInteger)) {
      throw new SandboxScriptError("errcodes must be a list of integers");
    }
    queues.set(apiPath, [...(queues.get(apiPath) ?? []), ...errcodes]);
  }

  function next(path: string): number | undefined {
    return queues.get(path)?.shift();
  }

  return { add, next };
}
