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

  function resolve(path: string): string {
    const found = apiPaths.find(
      (known) => known === path || known.endsWith(`/${path}`),
    );
    if (found === undefined) {
      throw new SandboxScriptError(
        `"${path}" is not a sandbox API; use one of ${apiPaths.join(", ")}`,
      );
    }

    return found;
  }

  function add(path: string, errcodes: number[]): void {
    const apiPath = resolve(path);
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
