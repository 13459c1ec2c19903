import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";

import {
  queryPluginCalls,
  startStack,
  type Stack,
} from "../support/startStack.ts";
import { callsTo, untilQueryPluginState } from "../support/stackQueries.ts";
import { waitFor } from "../support/waitFor.ts";

const QUERY_PLUGIN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function row(target: Stack, table: string, authorizerAppId: string) {
  const rows = await target.service.db.query<Record<string, unknown>>(
    `SELECT * FROM ${table} WHERE authorizer_app_id = $1`,
    [authorizerAppId],
  );
  return rows[0];
}

describe("order and repeats", () => {
  it("does not let an old authorized push undo a later unauthorized one", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    const appId = "wxlateauthorized01";
    const grant = await stack.sandbox.authorize(
      { authorizerAppid: appId, funcScopeIds: [45] },
      "hold",
    );
    stack.sandbox.advanceClock(5_000);
    await stack.sandbox.unauthorize(appId);
    await waitFor(
      async () =>
        (await row(stack!, "authorizer", appId))?.status === "revoked",
      "revoked",
    );

    expect((await stack.sandbox.releaseHeldPush(grant.heldPushId!))?.body).toBe(
      "success",
    );
    await waitFor(async () => {
      const done = await stack!.service.db.query(
        "SELECT 1 FROM processed_message WHERE consumer = 'authorization'",
      );
      return done.length === 2;
    }, "both pushes handled");

    expect((await row(stack, "authorizer", appId))?.status).toBe("revoked");
    expect(callsTo(stack, "api_query_auth")).toHaveLength(0);
    expect(queryPluginCalls(stack.sandbox)).toHaveLength(0);
  });
});

describe("refresh tokens", () => {
  it("marks the authorizer and publishes it when WeChat refuses the refresh token (61023)", async () => {
    stack = await startStack("embedded", "sqlite", {
      QUERY_PLUGIN_SCHEDULER_INTERVAL_MS: "3600000",
    });
    await stack.sandbox.pushTicket();
    const appId = "wxrefusedrefresh01";
    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });
    await untilQueryPluginState(stack, appId, "applied");
    // A re-authorization the service never heard of rotates the refresh
    // token at WeChat; the stored one is now refused.
    await stack.sandbox.authorize(
      { authorizerAppid: appId, funcScopeIds: [45, 17] },
      "hold",
    );

    stack.sandbox.advanceClock(24 * 3600_000 + 11 * 60_000);
    await stack.sandbox.pushTicket();
    await stack.service.scheduler.tick();

    expect((await row(stack, "authorizer", appId))?.status).toBe(
      "reauthorization_needed",
    );
    expect(
      callsTo(stack, "api_authorizer_token").map((call) => call.errcode),
    ).toEqual([61023]);
    const events = await stack.service.db.query<{ value: string }>(
      "SELECT value FROM outbox WHERE topic = 'authorization-events' ORDER BY id",
    );
    expect(events.map((event) => JSON.parse(event.value).type)).toContain(
      "reauthorization_needed",
    );
    expect((await row(stack, "query_plugin", appId))?.state).toBe("failed");
  });
});

describe("WeChat's bad days", () => {
  it("on 61004 names the IP to whitelist and goes on once it is whitelisted", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    stack.sandbox.setIpWhitelist(["203.0.113.7"]);
    const appId = "wxwhitelist0000001";

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });

    const line = await waitFor(
      () =>
        stack!.logLines.find(
          (l) => l.includes("61004") && l.includes('"level":50'),
        ),
      "an error naming 61004",
    );
    expect(line).toContain("127.0.0.1");
    expect(line).toMatch(/whitelist/);
    stack.sandbox.setIpWhitelist(null);
    await untilQueryPluginState(stack, appId, "applied", 60_000);
    expect(await stack.service.db.query("SELECT 1 FROM dead_letter")).toEqual(
      [],
    );
  });

  it("survives a dropped connection before the call took effect", async () => {
    stack = await startStack("embedded", "sqlite", {
      WECHAT_TIMEOUT_MS: "1000",
    });
    await stack.sandbox.pushTicket();
    const appId = "wxdropped000000001";
    stack.sandbox.scriptDrop(QUERY_PLUGIN, 1);

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });

    await untilQueryPluginState(stack, appId, "applied");
    const calls = queryPluginCalls(stack.sandbox);
    expect(calls.map((call) => call.dropped)).toEqual(["beforeEffect", null]);
    expect(calls.filter((call) => call.errcode === 0)).toHaveLength(1);
  });

  it("retries a call that timed out; the repeat answers 0 again while pending", async () => {
    stack = await startStack("embedded", "sqlite", {
      WECHAT_TIMEOUT_MS: "300",
    });
    await stack.sandbox.pushTicket();
    const appId = "wxslowslowslow0001";
    stack.sandbox.scriptDelay(QUERY_PLUGIN, 1_000, 1);

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });

    await untilQueryPluginState(stack, appId, "applied");
    // The slow call took effect at WeChat; the service could not know and
    // asked again: the one repeat the README admits to.
    expect(queryPluginCalls(stack.sandbox)).toHaveLength(2);
    expect(
      stack.sandbox.authorizers().find((a) => a.authorizerAppid === appId)
        ?.queryPlugin.state,
    ).toBe("pending");
  });
});

describe("dead letters", () => {
  it("keeps what a handler gave up on, and replays it on request", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    const appId = "wxdeadletter000001";
    stack.sandbox.scriptAnswer("/cgi-bin/component/api_query_auth", [61010]);

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });
    await waitFor(async () => {
      const rows = await stack!.service.db.query("SELECT 1 FROM dead_letter");
      return rows.length === 1;
    }, "a dead letter");

    const replay = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/tools/deadLetters.ts", "--replay"],
      {
        env: { ...process.env, DATABASE_URL: stack.env.DATABASE_URL },
        encoding: "utf8",
      },
    );
    expect(replay.stdout).toContain("1 dead letter(s) put back in the outbox");

    await untilQueryPluginState(stack, appId, "applied");
    expect(await stack.service.db.query("SELECT 1 FROM dead_letter")).toEqual(
      [],
    );
    expect(
      callsTo(stack, "api_query_auth").map((call) => call.errcode),
    ).toEqual([61010, 0]);
  });
});

describe("what a breaker found", () => {
  it("waits for a new ticket when WeChat calls ours expired (61005), losing nothing", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    const appId = "wxticketexpired001";
    stack.sandbox.scriptAnswer(
      "/cgi-bin/component/api_component_token",
      [61005],
    );

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });

    await untilQueryPluginState(stack, appId, "applied");
    expect(
      callsTo(stack, "api_component_token").map((call) => call.errcode),
    ).toEqual([61005, 0]);
    expect(callsTo(stack, "api_start_push_ticket").length).toBeGreaterThan(0);
    expect(await stack.service.db.query("SELECT 1 FROM dead_letter")).toEqual(
      [],
    );
  });

  it("does not apply again when a grant's message comes after the scheduler finished it", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    const appId = "wxlateredelivery01";
    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });
    await untilQueryPluginState(stack, appId, "applied");

    // As after a crash: the grant's message is delivered again although its
    // application was finished (here by the first delivery, there by the
    // scheduler), and its processed mark is missing.
    await stack.service.db.execute(
      "DELETE FROM processed_message WHERE consumer = 'query-plugin'",
    );
    await stack.service.db.execute(
      `INSERT INTO outbox (topic, message_key, value, created_at_ms)
       SELECT topic, message_key, value, created_at_ms FROM outbox WHERE topic = 'permission-changes'`,
    );
    await waitFor(async () => {
      const rows = await stack!.service.db.query(
        "SELECT 1 FROM processed_message WHERE consumer = 'query-plugin'",
      );
      return rows.length === 1;
    }, "the repeat to be handled");

    expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
  });
});
