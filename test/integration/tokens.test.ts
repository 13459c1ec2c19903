import { afterEach, describe, expect, it } from "vitest";

import { createLogger } from "../../src/logger.ts";
import { openDb } from "../../src/store/openDb.ts";
import { leaseOwner } from "../../src/store/leases.ts";
import { ComponentTokens } from "../../src/wechat/componentTokens.ts";
import { SingleRefresher } from "../../src/wechat/singleRefresher.ts";
import { WeChatClient } from "../../src/wechat/wechatClient.ts";
import {
  queryPluginCalls,
  startStack,
  type Stack,
} from "../support/startStack.ts";
import { credentials, tempPostgresUrl } from "../support/testConfig.ts";
import { callsTo, untilQueryPluginState } from "../support/stackQueries.ts";
import { waitFor } from "../support/waitFor.ts";

const MINUTE_MS = 60_000;
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe("the component token", () => {
  it("is refreshed ahead of expiry, not on every use or ticket push", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    for (const n of [1, 2, 3]) {
      await stack.sandbox.authorize({
        authorizerAppid: `wxtoken000000000${n}0`,
        funcScopeIds: [45],
      });
      await stack.sandbox.pushTicket();
    }
    await untilQueryPluginState(stack, "wxtoken00000000030", "applied");
    expect(callsTo(stack, "api_component_token")).toHaveLength(1);

    // Ten minutes before the 7200 s run out, the next use refreshes.
    await stack.sandbox.advanceClock(7200_000 - 9 * MINUTE_MS);
    await stack.sandbox.pushTicket();
    await stack.sandbox.authorize({
      authorizerAppid: "wxtoken00000000040",
      funcScopeIds: [45],
    });
    await untilQueryPluginState(stack, "wxtoken00000000040", "applied");

    const refreshes = callsTo(stack, "api_component_token");
    expect(refreshes).toHaveLength(2);
    const used = stack.sandbox
      .calls()
      .filter((call) => call.tokenId?.startsWith("component_access_token"));
    expect(used.every((call) => call.errcode === 0)).toBe(true);
  });

  it("on 40001 after another refresher won, refreshes once and retries once", async () => {
    stack = await startStack("embedded");
    const { ticket } = await stack.sandbox.pushTicket();
    await stack.sandbox.authorize({
      authorizerAppid: "wxstale00000000001",
      funcScopeIds: [17],
    });
    await waitFor(
      () => callsTo(stack!, "api_query_auth").length === 1,
      "first exchange",
    );

    // Someone else (another deployment with our secret) takes a new token;
    // ours stays valid five minutes, then WeChat answers 40001.
    const answer = await fetch(
      `${stack.env.WECHAT_API_BASE_URL}/cgi-bin/component/api_component_token`,
      {
        method: "POST",
        body: JSON.stringify({
          component_appid: credentials.appId,
          component_appsecret: credentials.appSecret,
          component_verify_ticket: ticket,
        }),
      },
    ).then((response) => response.json());
    expect(answer).toHaveProperty("component_access_token");
    stack.sandbox.advanceClock(6 * MINUTE_MS);
    await stack.sandbox.authorize({
      authorizerAppid: "wxstale00000000002",
      funcScopeIds: [45],
    });
    await untilQueryPluginState(stack, "wxstale00000000002", "applied");

    const exchanges = callsTo(stack, "api_query_auth").map(
      (call) => call.errcode,
    );
    expect(exchanges).toEqual([0, 40001, 0]);
    expect(callsTo(stack, "api_component_token")).toHaveLength(3);
  });

  it("is refreshed by one process at a time across processes", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();
    const db = await openDb(tempPostgresUrl());
    const logger = createLogger("silent");
    // Copy the ticket the stack's service stored into this shared store.
    const [stored] = await stack.service.db.query<{
      ticket: string;
      received: number;
    }>(`SELECT ticket, received_at_ms AS received FROM component_ticket`);
    await db.execute(
      `INSERT INTO component_ticket (component_app_id, ticket, create_time, received_at_ms)
       VALUES ($1, $2, 0, $3)`,
      [credentials.appId, stored!.ticket, stored!.received],
    );
    const instances = [1, 2, 3].map(
      () =>
        new ComponentTokens({
          db,
          client: new WeChatClient({
            baseUrl: stack!.env.WECHAT_API_BASE_URL!,
            timeoutMs: 5000,
            logger,
          }),
          refresher: new SingleRefresher(db, leaseOwner(), Date.now),
          componentAppId: credentials.appId,
          componentAppSecret: credentials.appSecret,
          logger,
          now: Date.now,
        }),
    );
    stack.sandbox.clearCalls();

    try {
      const tokens = await Promise.all(
        instances.flatMap((tokens) => [1, 2, 3, 4].map(() => tokens.current())),
      );

      expect(new Set(tokens).size).toBe(1);
      expect(callsTo(stack, "api_component_token")).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});

describe("the ticket", () => {
  it("is never sent empty: without one the service asks WeChat to resume pushes", async () => {
    stack = await startStack("embedded");
    const appId = "wxnoticket00000001";

    await stack.sandbox.authorize({
      authorizerAppid: appId,
      funcScopeIds: [45],
    });

    await waitFor(
      () => callsTo(stack!, "api_start_push_ticket").length > 0,
      "api_start_push_ticket",
    );
    // The sandbox pushes a ticket a second later; the retried event then goes through.
    await untilQueryPluginState(stack, appId, "applied");
    const tokenCalls = callsTo(stack, "api_component_token");
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.errcode).toBe(0);
    expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
  });

  it("is missed after 30 minutes of silence: a warning and a resume request", async () => {
    stack = await startStack("embedded");
    await stack.sandbox.pushTicket();

    stack.sandbox.advanceClock(31 * MINUTE_MS);
    await stack.service.ticketWatch.check();

    expect(
      stack.logLines.some((line) =>
        line.includes("no component_verify_ticket push lately"),
      ),
    ).toBe(true);
    expect(callsTo(stack, "api_start_push_ticket")).toHaveLength(1);
  });
});
