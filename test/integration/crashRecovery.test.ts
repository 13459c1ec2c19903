import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";

import {
  createWeChatSandbox,
  type WeChatSandbox,
} from "../../src/sandbox/createWeChatSandbox.ts";
import { openDb } from "../../src/store/openDb.ts";
import { kafkaBrokers } from "../support/kafkaBrokers.ts";
import {
  startServiceProcess,
  type ServiceProcess,
} from "../support/serviceProcess.ts";
import { queryPluginCalls } from "../support/startStack.ts";
import { credentials, tempSqliteUrl } from "../support/testConfig.ts";
import { waitFor } from "../support/waitFor.ts";

let sandbox: WeChatSandbox | undefined;
let running: ServiceProcess | undefined;

afterEach(async () => {
  await running?.kill();
  await sandbox?.stop();
  running = undefined;
  sandbox = undefined;
});

async function queryPluginState(databaseUrl: string, authorizerAppId: string) {
  const db = await openDb(databaseUrl);
  try {
    const rows = await db.query<{ state: string }>(
      "SELECT state FROM query_plugin WHERE authorizer_app_id = $1",
      [authorizerAppId],
    );
    return rows[0]?.state;
  } finally {
    await db.close();
  }
}

describe.each(["embedded", "kafka"] as const)(
  "a crash right after `success` (%s)",
  (mode) => {
    it("loses nothing: the call is made after a restart, once", async () => {
      sandbox = createWeChatSandbox({
        componentAppId: credentials.appId,
        componentAppSecret: credentials.appSecret,
        componentToken: credentials.token,
        encodingAesKey: credentials.encodingAesKey,
      });
      const { baseUrl } = await sandbox.start();
      const run = randomBytes(4).toString("hex");
      const env: Record<string, string> = {
        WECHAT_COMPONENT_APPID: credentials.appId,
        WECHAT_COMPONENT_APPSECRET: credentials.appSecret,
        WECHAT_COMPONENT_TOKEN: credentials.token,
        WECHAT_COMPONENT_AES_KEY: credentials.encodingAesKey,
        WECHAT_API_BASE_URL: baseUrl,
        DATABASE_URL: tempSqliteUrl(),
        LOG_LEVEL: "info",
        ...(mode === "kafka"
          ? {
              KAFKA_BROKERS: kafkaBrokers(),
              KAFKA_TOPIC_PREFIX: `crash.${run}.`,
              KAFKA_GROUP_ID_PREFIX: `crash-${run}`,
              // A killed consumer holds its partitions until its session
              // times out; the broker allows 6 s at the least.
              KAFKA_SESSION_TIMEOUT_MS: "6000",
            }
          : {}),
      };
      const appId = "wxcrashcrashcrash1";

      // A receiver only: it stores and answers, and no handler runs before
      // the process dies.
      running = await startServiceProcess({
        ...env,
        SERVICE_ROLES: "receiver",
      });
      sandbox.setCallbackUrl(`${running.url}/wechat/component/callback`);
      expect((await sandbox.pushTicket()).push?.body).toBe("success");
      const grant = await sandbox.authorize({
        authorizerAppid: appId,
        funcScopeIds: [45],
      });
      expect(grant.push?.body).toBe("success");
      await running.kill();
      expect(queryPluginCalls(sandbox)).toHaveLength(0);

      running = await startServiceProcess(env);
      await waitFor(
        async () =>
          (await queryPluginState(env.DATABASE_URL!, appId)) === "applied",
        "the query plugin to be applied after the restart",
      );
      expect(queryPluginCalls(sandbox)).toHaveLength(1);

      // Another crash and restart, then a second merchant: once the second
      // is applied, anything the restart would wrongly redo for the first
      // (earlier in every queue) would have happened.
      await running.kill();
      running = await startServiceProcess(env);
      sandbox.setCallbackUrl(`${running.url}/wechat/component/callback`);
      const second = "wxcrashcrashcrash2";
      await sandbox.authorize({ authorizerAppid: second, funcScopeIds: [45] });
      await waitFor(
        async () =>
          (await queryPluginState(env.DATABASE_URL!, second)) === "applied",
        "the second merchant to be applied",
      );

      const owners = queryPluginCalls(sandbox).map(
        (call) => call.tokenId?.split("#")[0],
      );
      expect(owners).toEqual([
        `authorizer_access_token:${appId}`,
        `authorizer_access_token:${second}`,
      ]);
      const exchanges = sandbox
        .calls()
        .filter((c) => c.path.endsWith("/api_query_auth"));
      expect(exchanges).toHaveLength(2);
    });
  },
);
