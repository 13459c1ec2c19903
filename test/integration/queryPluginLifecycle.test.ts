import { afterEach, describe, expect, it } from "vitest";

import { nextQuotaDayMs } from "../../src/store/apiQuota.ts";
import {
  queryPluginCalls,
  startStack,
  type Stack,
  type StoreKind,
} from "../support/startStack.ts";
import {
  outboxEvents,
  queryPluginRow,
  untilQueryPluginState,
} from "../support/stackQueries.ts";
import { waitFor } from "../support/waitFor.ts";

async function outcomes(target: Stack, authorizerAppId: string) {
  const events = await outboxEvents(target, "query-plugin-outcomes");
  return events
    .filter((event) => event.authorizerAppId === authorizerAppId)
    .map((event) => event.outcome);
}

const HOUR_MS = 3600_000;
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Moves both clocks on; WeChat would have pushed tickets meanwhile. */
async function advance(target: Stack, ms: number) {
  target.sandbox.advanceClock(ms);
  await target.sandbox.pushTicket();
}

describe.each(["sqlite", "postgres"] as StoreKind[])(
  "the query-plugin state machine (%s)",
  (store) => {
    it("re-checks once after 24 hours: 933003 means the admin accepted", async () => {
      stack = await startStack("embedded", store, {
        QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
      });
      await stack.sandbox.pushTicket();
      const appId = "wxaccepted00000001";
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });
      await untilQueryPluginState(stack, appId, "applied");
      stack.sandbox.acceptQueryPlugin(appId);

      await stack.service.scheduler.tick();
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
      await advance(stack, 24 * HOUR_MS + 11 * 60_000);
      await stack.service.scheduler.tick();

      expect(await queryPluginRow(stack, appId)).toMatchObject({
        state: "open",
        applications: 1,
      });
      expect(
        queryPluginCalls(stack.sandbox).map((call) => call.errcode),
      ).toEqual([0, 933003]);
      expect(await outcomes(stack, appId)).toEqual(["applied", "already_open"]);
    });

    it("applies again when the application lapsed, and gives up after the bound", async () => {
      stack = await startStack("embedded", store, {
        QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
        QUERY_PLUGIN_MAX_APPLICATIONS: "2",
      });
      await stack.sandbox.pushTicket();
      const appId = "wxlapsed0000000001";
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });
      await untilQueryPluginState(stack, appId, "applied");

      await advance(stack, 24 * HOUR_MS + 11 * 60_000);
      await stack.service.scheduler.tick();
      expect(await queryPluginRow(stack, appId)).toMatchObject({
        state: "applied",
        applications: 2,
      });
      await advance(stack, 24 * HOUR_MS + 11 * 60_000);
      await stack.service.scheduler.tick();

      expect(await queryPluginRow(stack, appId)).toMatchObject({
        state: "lapsed",
        applications: 2,
      });
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(2);
      expect(await outcomes(stack, appId)).toEqual([
        "applied",
        "reapplied",
        "lapsed",
      ]);
    });

    it("asks again after a week when not eligible, keeping WeChat's reason", async () => {
      stack = await startStack("embedded", store, {
        QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
      });
      await stack.sandbox.pushTicket();
      const appId = "wxnoteligible00001";
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17],
      });
      await waitFor(
        async () =>
          (await stack!.service.db.query("SELECT 1 FROM authorizer")).length >
          0,
        "authorizer",
      );
      stack.sandbox.scriptQueryPlugin(appId, 933002);
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17, 45],
      });
      await untilQueryPluginState(stack, appId, "not_eligible");
      const [row] = await stack.service.db.query<{ errmsg: string }>(
        "SELECT errmsg FROM query_plugin",
      );
      expect(row!.errmsg).toBeTruthy();

      await advance(stack, 6 * 24 * HOUR_MS);
      await stack.service.scheduler.tick();
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
      stack.sandbox.scriptQueryPlugin(appId, null);
      await advance(stack, 24 * HOUR_MS + 60_000);
      await stack.service.scheduler.tick();

      expect((await queryPluginRow(stack, appId))?.state).toBe("applied");
      expect(
        queryPluginCalls(stack.sandbox).map((call) => call.errcode),
      ).toEqual([933002, 0]);
    });

    it("does not apply for an account that is not a Mini Program", async () => {
      stack = await startStack("embedded", store);
      await stack.sandbox.pushTicket();
      const appId = "wxofficialaccount1";

      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
        accountType: "officialaccount",
      });

      await untilQueryPluginState(stack, appId, "not_applicable");
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(0);
      expect(await outcomes(stack, appId)).toEqual(["not_applicable"]);
    });

    it("spends at most the daily budget and queues the rest, oldest grant first", async () => {
      stack = await startStack("embedded", store, {
        QUERY_PLUGIN_DAILY_QUOTA: "2",
        QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
      });
      await stack.sandbox.pushTicket();
      const appIds = [
        "wxquota00000000001",
        "wxquota00000000002",
        "wxquota00000000003",
        "wxquota00000000004",
      ];
      for (const appId of appIds) {
        await stack.sandbox.authorize({
          authorizerAppid: appId,
          funcScopeIds: [45],
        });
        await waitFor(
          async () =>
            (await queryPluginRow(stack!, appId)) !== undefined &&
            (await queryPluginRow(stack!, appId))?.state !== "applying",
          appId,
        );
      }

      const states = await Promise.all(
        appIds.map(
          async (appId) => (await queryPluginRow(stack!, appId))?.state,
        ),
      );
      expect(states).toEqual(["applied", "applied", "queued", "queued"]);
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(2);

      await advance(
        stack,
        nextQuotaDayMs(stack.sandbox.nowMs()) - stack.sandbox.nowMs() + 1000,
      );
      await stack.service.scheduler.tick();

      const owners = queryPluginCalls(stack.sandbox).map(
        (call) => call.tokenId?.split(":")[1]?.split("#")[0],
      );
      expect(owners).toEqual(appIds);
      expect(await outcomes(stack, appIds[2]!)).toEqual([
        "deferred",
        "applied",
      ]);
    });

    it("defers on WeChat's own 45009 instead of retrying in a loop", async () => {
      stack = await startStack("embedded", store, {
        QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
      });
      await stack.sandbox.pushTicket();
      const appId = "wxwechatquota00001";
      stack.sandbox.scriptAnswer(
        "/cgi-bin/express/delivery/open_msg/open_query_plugin",
        [45009],
      );

      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });
      await untilQueryPluginState(stack, appId, "queued");
      expect(
        queryPluginCalls(stack.sandbox).map((call) => call.errcode),
      ).toEqual([45009]);

      await stack.service.scheduler.tick();
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
      await advance(
        stack,
        nextQuotaDayMs(stack.sandbox.nowMs()) - stack.sandbox.nowMs() + 1000,
      );
      await stack.service.scheduler.tick();
      expect((await queryPluginRow(stack, appId))?.state).toBe("applied");
    });
  },
);
