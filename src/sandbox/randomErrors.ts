import { resolveApiPath } from "./resolveApiPath.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

export interface RandomErrorsOptions {
  /** One API (full path or last part); every API when omitted. */
  path?: string;
  /** Probability, 0..1, that a call fails. */
  rate: number;
  /** What a failed call answers; default -1 (system busy). */
  errcode?: number;
  /** Makes the sequence of failures repeatable. */
  seed?: number;
}

export interface RandomErrors {
  set(options: RandomErrorsOptions | null): void;
  /** The errcode this call fails with, or undefined when it goes through. */
  draw(path: string): number | undefined;
}

// mulberry32: a tiny seeded generator; quality is ample for fault injection.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkOptions(options: RandomErrorsOptions): void {
  const { rate, errcode, seed } = options;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new SandboxScriptError(`rate must be a number 0..1; got ${rate}`);
  }
  if (errcode !== undefined && (!Number.isInteger(errcode) || errcode === 0)) {
    throw new SandboxScriptError(`errcode must be a non-zero integer`);
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new SandboxScriptError(`seed must be an integer; got ${seed}`);
  }
}

/** Fails a share of the calls, before they take effect. */
export function createRandomErrors(apiPaths: readonly string[]) {
  let active: {
    path: string | null;
    rate: number;
    errcode: number;
    random: () => number;
  } | null = null;

  const randomErrors: RandomErrors = {
    set(options) {
      if (options === null) {
        active = null;
        return;
      }
      checkOptions(options);

      active = {
        path:
          options.path === undefined
            ? null
            : resolveApiPath(apiPaths, options.path),
        rate: options.rate,
        errcode: options.errcode ?? -1,
        random:
          options.seed === undefined ? Math.random : seededRandom(options.seed),
      };
    },
    draw(path) {
      if (active === null) return undefined;
      if (active.path !== null && active.path !== path) return undefined;

      return active.random() < active.rate ? active.errcode : undefined;
    },
  };

  return randomErrors;
}
