import { Agent } from "node:http";

import { createPushPool } from "./createPushPool.ts";
import type { LoadResult, LoadRun } from "./loadRun.ts";
import { percentile } from "./percentile.ts";
import { sendPush } from "./sendPush.ts";

/**
 * Keeps `connections` requests in flight, one per keep-alive socket, for
 * the warm-up and then the timed window. Only answers completed inside the
 * window count towards the rate; every `success` counts towards the store
 * check, since the service stored each of them whenever it answered.
 */
export async function driveLoad(run: LoadRun): Promise<LoadResult> {
  const pool = createPushPool(run.pushes);
  const agent = new Agent({ keepAlive: true, maxSockets: run.connections });
  const target = new URL(run.url);
  const result = emptyResult(pool.builtUpFront);
  const latenciesMs: number[] = [];

  const startMs = performance.now();
  const windowFromMs = startMs + run.warmupMs;
  const windowToMs = windowFromMs + run.durationMs;
  const connection = async () => {
    while (performance.now() < windowToMs) {
      const push = pool.next();
      const sentMs = performance.now();
      const outcome = await sendPush(agent, target, push, run.timeoutMs);
      const doneMs = performance.now();
      const inWindow = doneMs >= windowFromMs && doneMs <= windowToMs;

      if (!outcome.ok) {
        result.errors[outcome.kind] = (result.errors[outcome.kind] ?? 0) + 1;
        if (inWindow) result.measuredErrors++;
        continue;
      }
      if (push.infoType === "authorized") result.okAuthorized++;
      else keepNewestTicket(result, push.createTime, push.ticket!);
      if (inWindow) {
        result.measuredOk++;
        latenciesMs.push(doneMs - sentMs);
      }
    }
  };
  await Promise.all(Array.from({ length: run.connections }, connection));
  agent.destroy();

  latenciesMs.sort((a, b) => a - b);
  return {
    ...result,
    measuredSeconds: run.durationMs / 1000,
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
    pushesBuiltDuringRun: pool.builtDuringRun(),
    nextTicketCreateTime: pool.nextTicketCreateTime(),
  };
}

function keepNewestTicket(
  result: LoadResult,
  createTime: number,
  ticket: string,
): void {
  result.okTickets++;
  if (!result.newestTicket || createTime > result.newestTicket.createTime) {
    result.newestTicket = { createTime, ticket };
  }
}

function emptyResult(pushesBuiltUpFront: number): LoadResult {
  return {
    okAuthorized: 0,
    okTickets: 0,
    newestTicket: null,
    errors: {},
    measuredOk: 0,
    measuredErrors: 0,
    measuredSeconds: 0,
    p50Ms: NaN,
    p99Ms: NaN,
    pushesBuiltUpFront,
    pushesBuiltDuringRun: 0,
    nextTicketCreateTime: 0,
  };
}
