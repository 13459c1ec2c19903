import { afterEach, expect, it } from "vitest";

import { nextQuotaDayMs, quotaDay } from "../../src/store/apiQuota.ts";
import {
  queryPluginCalls,
  startStack,
  type Stack,
} from "../support/startStack.ts";
import { waitFor } from "../support/waitFor.ts";

const GRANTS = 300;
const DAILY_BUDGET = 250;
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const appIdOf = (n: number) => `wxsoak${String(n).padStart(12, "0")}`;

async function states(target: Stack): Promise<Record<string, number>> {
  const rows = await target.service.db.query<{ state: string; n: number }>(
    "SELECT state, COUNT(*) AS n FROM query_plugin GROUP BY state",
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

async function settledOn(
  target: Stack,
  wanted: (counts: Record<string, number>) => boolean,
) {
  await waitFor(
    async () => {
      const pending = await target.service.db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM outbox WHERE published_at_ms IS NULL",
      );
      return Number(pending[0]!.n) === 0 && wanted(await states(target));
    },
    "the pipeline to settle",
    120_000,
  );
}

it(`applies for ${GRANTS} merchants exactly once each through -1s, short-lived tokens and the quota`, async () => {
  stack = await startStack("embedded", "sqlite", {
    QUERY_PLUGIN_DAILY_QUOTA: String(DAILY_BUDGET),
    QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
    LOG_LEVEL: "warn",
    // WeChat's backoff steps, shortened so 300 merchants fit in a test.
    WECHAT_RETRY_BASE_DELAY_MS: "5",
  });
  const { sandbox } = stack;
  // Tokens live 15 minutes instead of two hours; a third of all calls
  // to WeChat answer -1 (and take no effect).
  sandbox.setTokenLifetimeSeconds(900);
  await sandbox.pushTicket();
  sandbox.randomErrors({ rate: 1 / 3, errcode: -1, seed: 20261204 });

  for (let n = 1; n <= GRANTS; n += 1) {
    const grant = await sandbox.authorize({
      authorizerAppid: appIdOf(n),
      funcScopeIds: [17, 45],
    });
    expect(grant.push?.body).toBe("success");
    if (n % 50 === 0) {
      // Time passes: tokens near their end, WeChat pushes a ticket.
      await settledOn(stack, (counts) => (counts.applying ?? 0) === 0);
      sandbox.advanceClock(6 * 60_000);
      await sandbox.pushTicket();
    }
  }
  await settledOn(
    stack,
    (counts) => (counts.applied ?? 0) + (counts.queued ?? 0) === GRANTS,
  );
  expect((await states(stack)).queued).toBeGreaterThan(0);

  sandbox.advanceClock(
    nextQuotaDayMs(sandbox.nowMs()) - sandbox.nowMs() + 60_000,
  );
  await sandbox.pushTicket();
  // The scheduler drains the queue; what still meets a -1 storm is tried
  // again a minute later.
  for (
    let pass = 0;
    pass < 30 && (await states(stack)).applied !== GRANTS;
    pass += 1
  ) {
    await stack.service.scheduler.tick();
    sandbox.advanceClock(61_000);
  }
  await settledOn(stack, (counts) => counts.applied === GRANTS);

  const calls = queryPluginCalls(sandbox);
  const effective = calls.filter(
    (call) => call.errcode === 0 && !call.injected,
  );
  const merchants = effective.map(
    (call) => call.tokenId?.split(":")[1]?.split("#")[0],
  );
  expect(new Set(merchants).size).toBe(GRANTS);
  expect(effective).toHaveLength(GRANTS);

  const all = sandbox.calls().filter((call) => call.kind === "api");
  const staleOrMissingToken = all.filter((call) =>
    [40001, 40014, 41001, 42001].includes(call.errcode ?? 0),
  );
  expect(staleOrMissingToken).toEqual([]);
  const badTicket = all.filter(
    (call) => call.errcode === 61005 || call.errcode === 61006,
  );
  expect(badTicket).toEqual([]);

  const perDay = new Map<string, number>();
  for (const call of calls)
    perDay.set(quotaDay(call.atMs), (perDay.get(quotaDay(call.atMs)) ?? 0) + 1);
  expect(Math.max(...perDay.values())).toBeLessThanOrEqual(DAILY_BUDGET);
  expect(calls.filter((call) => call.errcode === 45009)).toEqual([]);
  expect(all.filter((call) => call.injected).length).toBeGreaterThan(
    GRANTS / 2,
  );
}, 300_000);
