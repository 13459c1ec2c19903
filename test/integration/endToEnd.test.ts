import { afterEach, describe, expect, it } from "vitest";

import {
  queryPluginCalls,
  startStack,
  type PipelineMode,
  type Stack,
  type StoreKind,
} from "../support/startStack.ts";
import {
  outboxEvents,
  queryPluginRow,
  untilQueryPluginState,
} from "../support/stackQueries.ts";
import { waitFor } from "../support/waitFor.ts";

const QUERY_PLUGIN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Every step downstream has run once the permission change is handled. */
async function settled(target: Stack, authorizerAppId: string) {
  return waitFor(async () => {
    const rows = await target.service.db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM outbox WHERE published_at_ms IS NULL`,
    );
    const processed = await target.service.db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM processed_message WHERE consumer = 'authorization'`,
    );
    const authorizer = await target.service.db.query(
      "SELECT 1 FROM authorizer WHERE authorizer_app_id = $1",
      [authorizerAppId],
    );
    return (
      Number(rows[0]!.n) === 0 &&
      Number(processed[0]!.n) > 0 &&
      authorizer.length > 0
    );
  }, `the pipeline to settle for ${authorizerAppId}`);
}

const setups: Array<[PipelineMode, StoreKind]> = [
  ["embedded", "sqlite"],
  ["kafka", "sqlite"],
  ["embedded", "postgres"],
];

describe.each(setups)(
  "from push to applyQueryPlugin (%s pipeline, %s store)",
  (mode, store) => {
    it("calls applyQueryPlugin exactly once for a merchant who grants set 45", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wx45aaaaaaaaaaaaaa";

      const result = await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17, 45, 18],
      });
      expect(result.push?.body).toBe("success");

      await untilQueryPluginState(stack, appId, "applied");
      const calls = queryPluginCalls(stack.sandbox);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.errcode).toBe(0);
      expect(stack.sandbox.authorizers()[0]!.queryPlugin.state).toBe("pending");

      const [change] = await outboxEvents(stack, "permission-changes");
      expect(change).toMatchObject({
        schemaVersion: 1,
        authorizerAppId: appId,
        granted: [17, 18, 45],
        revoked: [],
      });
      const [outcome] = await outboxEvents(stack, "query-plugin-outcomes");
      expect(outcome).toMatchObject({
        authorizerAppId: appId,
        outcome: "applied",
        errcode: 0,
      });
    });

    it("makes no call for a merchant who did not grant set 45", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wx17bbbbbbbbbbbbbb";

      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17, 18],
      });
      await settled(stack, appId);

      expect(queryPluginCalls(stack.sandbox)).toHaveLength(0);
      expect(await queryPluginRow(stack, appId)).toBeUndefined();
      const changes = await outboxEvents(stack, "permission-changes");
      expect(changes).toMatchObject([{ granted: [17, 18] }]);
    });

    it("calls once, with the new token, when updateauthorized adds set 45", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wx4545454545454545";
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17],
      });
      await settled(stack, appId);

      const update = await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [17, 45],
      });
      expect(update.infoType).toBe("updateauthorized");
      await untilQueryPluginState(stack, appId, "applied");

      const calls = queryPluginCalls(stack.sandbox);
      expect(calls).toHaveLength(1);
      const exchanges = stack.sandbox
        .calls()
        .filter((call) => call.path.endsWith("/api_query_auth"));
      expect(calls[0]!.tokenId).toBe(exchanges.at(-1)!.issuedTokenId);
      expect(calls[0]!.tokenId).not.toBe(exchanges[0]!.issuedTokenId);
    });

    it("records an already open component (933003) after a re-grant", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wx933003aaaaaaaaaa";
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });
      await untilQueryPluginState(stack, appId, "applied");
      stack.sandbox.acceptQueryPlugin(appId);

      await stack.sandbox.unauthorize(appId);
      await untilQueryPluginState(stack, appId, "withdrawn");
      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });

      await untilQueryPluginState(stack, appId, "open");
      expect(
        queryPluginCalls(stack.sandbox).map((call) => call.errcode),
      ).toEqual([0, 933003]);
      const outcomes = await outboxEvents(stack, "query-plugin-outcomes");
      expect(outcomes).toMatchObject([
        { outcome: "applied", errcode: 0 },
        { outcome: "withdrawn", state: "withdrawn" },
        { outcome: "already_open", errcode: 933003 },
      ]);
    });

    it("retries through a burst of -1 and applies once", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wxbusybusybusybusy";
      // More than one client-side round of retries: the pipeline redelivers.
      stack.sandbox.scriptAnswer(QUERY_PLUGIN, [-1, -1, -1, -1, -1, -1]);

      await stack.sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });

      await untilQueryPluginState(stack, appId, "applied", 40_000);
      const errcodes = queryPluginCalls(stack.sandbox).map(
        (call) => call.errcode,
      );
      expect(errcodes).toEqual([-1, -1, -1, -1, -1, -1, 0]);
    });

    it("does nothing more when WeChat delivers the same grant twice", async () => {
      stack = await startStack(mode, store);
      await stack.sandbox.pushTicket();
      const appId = "wxtwicetwicetwice1";

      await stack.sandbox.authorize(
        { authorizerAppid: appId, funcScopeIds: [45] },
        { twice: true },
      );

      await untilQueryPluginState(stack, appId, "applied");
      await settled(stack, appId);
      expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
      expect(await outboxEvents(stack, "authorization-events")).toHaveLength(1);
    });
  },
);
