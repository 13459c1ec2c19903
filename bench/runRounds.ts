import type { BenchTarget } from "./benchTarget.ts";
import type { BenchAccount, LoadResult } from "./loadRun.ts";
import type { BenchOptions } from "./readBenchOptions.ts";
import type { LoadGenerator } from "./startLoadGenerator.ts";
import { watchOtherCpu } from "./watchOtherCpu.ts";

export interface MeasuredTarget {
  target: BenchTarget;
  /** A service stores every push, so each must be new; see PushPlan. */
  unique: boolean;
  accounts?: BenchAccount[];
  ticket?: string;
}

export interface RunRow {
  round: number;
  name: string;
  result: LoadResult;
  requestsPerSecond: number;
  /** CPU used meanwhile by processes not the bench's, in cores. */
  otherCpuCores: number;
}

/** Everything a target answered over all its runs. */
export interface TargetTotals {
  name: string;
  okAuthorized: number;
  okTickets: number;
  newestTicket: LoadResult["newestTicket"];
  errors: Record<string, number>;
  rows: RunRow[];
}

const TICKET_EVERY = 10;
/** A first guess at a service's rate, to size its pool of pushes. */
const FIRST_GUESS_PER_SECOND = 3000;
/**
 * A pool covers the target's last rate, and at least this share of the
 * fastest target's, so that a service that speeds up does not run out and
 * make the generator build pushes while the clock runs.
 */
const SHARE_OF_FASTEST = 0.8;
const POOL_HEADROOM = 1.2;
const CYCLED_POOL = 4000;

interface TargetState {
  measured: MeasuredTarget;
  ticketCreateTime: number;
  lastPerSecond: number;
  totals: TargetTotals;
}

/**
 * Runs every target once per round, in the same order each round, so slow
 * drift (thermal, page cache, a noisy neighbour) lands on all of them alike.
 * Only the target being measured runs; the others are paused.
 */
export async function runRounds(
  targets: MeasuredTarget[],
  generator: LoadGenerator,
  options: BenchOptions,
  onRun: (row: RunRow) => void,
): Promise<TargetTotals[]> {
  const states: TargetState[] = targets.map((measured) => ({
    measured,
    ticketCreateTime: Math.floor(Date.now() / 1000),
    lastPerSecond: FIRST_GUESS_PER_SECOND,
    totals: emptyTotals(measured.target.name),
  }));
  for (const { measured } of states) measured.target.child.pause();
  const ownPids = [
    process.pid,
    generator.pid,
    ...targets.map(({ target }) => target.child.pid),
  ];

  let fastestPerSecond = 0;
  for (let round = 1; round <= options.rounds; round++) {
    for (const state of states) {
      const poolPerSecond = Math.max(
        state.lastPerSecond,
        fastestPerSecond * SHARE_OF_FASTEST,
      );
      const otherCpu = watchOtherCpu(ownPids);
      const result = await measure(state, poolPerSecond, generator, options);
      const requestsPerSecond = result.measuredOk / result.measuredSeconds;
      const row = {
        round,
        name: state.totals.name,
        result,
        requestsPerSecond,
        otherCpuCores: otherCpu(),
      };

      state.ticketCreateTime = result.nextTicketCreateTime;
      state.lastPerSecond = Math.max(requestsPerSecond, 500);
      fastestPerSecond = Math.max(fastestPerSecond, requestsPerSecond);
      addRun(state.totals, row);
      onRun(row);
    }
  }
  for (const { measured } of states) measured.target.child.resume();
  return states.map((state) => state.totals);
}

async function measure(
  state: TargetState,
  poolPerSecond: number,
  generator: LoadGenerator,
  options: BenchOptions,
): Promise<LoadResult> {
  const { target, unique, accounts, ticket } = state.measured;
  const windowSeconds = (options.warmupMs + options.durationMs) / 1000;
  const count = unique
    ? Math.ceil(poolPerSecond * windowSeconds * POOL_HEADROOM)
    : CYCLED_POOL;

  target.child.resume();
  try {
    return await generator.run({
      url: target.url,
      connections: options.connections,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      timeoutMs: 10_000,
      pushes: {
        count,
        unique,
        ticketEvery: TICKET_EVERY,
        ticketCreateTimeFrom: state.ticketCreateTime,
        ...(accounts ? { accounts } : {}),
        ...(ticket ? { ticket } : {}),
      },
    });
  } finally {
    target.child.pause();
  }
}

function emptyTotals(name: string): TargetTotals {
  return {
    name,
    okAuthorized: 0,
    okTickets: 0,
    newestTicket: null,
    errors: {},
    rows: [],
  };
}

function addRun(totals: TargetTotals, row: RunRow): void {
  const { result } = row;
  totals.rows.push(row);
  totals.okAuthorized += result.okAuthorized;
  totals.okTickets += result.okTickets;
  const newest = result.newestTicket;
  if (
    newest &&
    (!totals.newestTicket || newest.createTime > totals.newestTicket.createTime)
  ) {
    totals.newestTicket = newest;
  }
  for (const [kind, count] of Object.entries(result.errors)) {
    totals.errors[kind] = (totals.errors[kind] ?? 0) + count;
  }
}
