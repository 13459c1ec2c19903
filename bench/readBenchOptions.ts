import { parseArgs } from "node:util";

export interface BenchOptions {
  rounds: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Also measure the full service: worker role, handlers, sandbox. */
  full: boolean;
  /** Write a CPU profile of the receiver-only service and summarise it. */
  profile: boolean;
}

const USAGE =
  "usage: npm run bench -- [--rounds 4] [--connections 32] " +
  "[--warmup 1.5] [--seconds 6] [--no-full] [--profile]";

/** `npm run bench -- --rounds 5 --seconds 10`; defaults keep it near 2 min. */
export function readBenchOptions(argv: string[]): BenchOptions {
  const values = parsed(argv);

  return {
    rounds: whole(values.rounds, "--rounds", 1),
    connections: whole(values.connections, "--connections", 1),
    warmupMs: seconds(values.warmup, "--warmup") * 1000,
    durationMs: seconds(values.seconds, "--seconds") * 1000,
    full: !values["no-full"],
    profile: values.profile,
  };
}

function parsed(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        rounds: { type: "string", default: "4" },
        connections: { type: "string", default: "32" },
        warmup: { type: "string", default: "1.5" },
        seconds: { type: "string", default: "6" },
        "no-full": { type: "boolean", default: false },
        profile: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
}

function whole(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${flag} must be a whole number >= ${min}\n${USAGE}`);
  }
  return value;
}

function seconds(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${flag} must be a number of seconds\n${USAGE}`);
  }
  return value;
}
