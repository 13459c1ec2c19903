import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createWeChatSandbox } from "../sandbox/createWeChatSandbox.ts";
import { startService } from "../service.ts";
import { printTimeline, type TimelineEntry } from "./printTimeline.ts";
import { waitUntil } from "./waitUntil.ts";

/**
 * `npm run demo`: the service on embedded defaults (SQLite in a temporary
 * folder, no Kafka) against the WeChat sandbox. One merchant grants set 45,
 * another does not; the timeline shows what happened.
 */
const credentials = {
  componentAppId: "wxd0d0d0d0d0d0d0d0",
  componentAppSecret: "demo-secret-not-a-real-one",
  componentToken: "demotoken",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const withLogistics = "wxa1a1a1a1a1a1a1a1";
const withoutLogistics = "wxb2b2b2b2b2b2b2b2";

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "wechat-component-demo-"));
  const startedMs = Date.now();
  const timeline: TimelineEntry[] = [];
  const note = (actor: string, text: string, atMs = Date.now()) =>
    timeline.push({ atMs: atMs - startedMs, actor, text });

  const sandbox = createWeChatSandbox(credentials);
  const { baseUrl } = await sandbox.start();
  const config = loadConfig({
    WECHAT_COMPONENT_APPID: credentials.componentAppId,
    WECHAT_COMPONENT_APPSECRET: credentials.componentAppSecret,
    WECHAT_COMPONENT_TOKEN: credentials.componentToken,
    WECHAT_COMPONENT_AES_KEY: credentials.encodingAesKey,
    WECHAT_API_BASE_URL: baseUrl,
    DATABASE_URL: `sqlite:${join(folder, "demo.db")}`,
    HOST: "127.0.0.1",
    PORT: "0",
  });
  const logger = createLogger("warn");
  const service = await startService(config, { logger });
  sandbox.setCallbackUrl(`${service.url}/wechat/component/callback`);
  note("service", `listening at ${service.url} (store: SQLite, no Kafka)`);

  try {
    let sentMs = Date.now();
    const ticket = await sandbox.pushTicket();
    note(
      "WeChat",
      `pushes component_verify_ticket → "${ticket.push?.body}"`,
      sentMs,
    );

    for (const [authorizerAppid, funcScopeIds] of [
      [withLogistics, [17, 18, 45]],
      [withoutLogistics, [17, 18]],
    ] as const) {
      sentMs = Date.now();
      const grant = await sandbox.authorize({
        authorizerAppid,
        funcScopeIds: [...funcScopeIds],
      });
      const sets = funcScopeIds.join(", ");
      const answer = `"${grant.push?.body}"`;
      note(
        "WeChat",
        `pushes ${grant.infoType} for ${authorizerAppid} (sets ${sets}) → ${answer}`,
        sentMs,
      );
    }

    await waitUntil(async () => {
      const rows = await service.db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM processed_message
         WHERE consumer = 'query-plugin'`,
      );
      return Number(rows[0]!.n) >= 2;
    }, 15_000);

    timeline.push(...(await serviceEvents(service.db, startedMs)));
    for (const call of sandbox.calls()) {
      timeline.push({
        atMs: call.atMs - startedMs,
        actor: "WeChat API",
        text: `${call.path.split("/").pop()} answered errcode ${call.errcode}`,
      });
    }
    printTimeline(timeline, await summary(service.db));
  } finally {
    await service.stop();
    await sandbox.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function serviceEvents(
  db: Awaited<ReturnType<typeof startService>>["db"],
  startedMs: number,
): Promise<TimelineEntry[]> {
  const rows = await db.query<{ topic: string; value: string; at: number }>(
    "SELECT topic, value, created_at_ms AS at FROM outbox ORDER BY id",
  );
  return rows.map((row) => {
    const event = JSON.parse(row.value) as Record<string, unknown>;
    const detail =
      row.topic === "authorization-events"
        ? `${event.infoType} for ${event.authorizerAppId}`
        : row.topic === "permission-changes"
          ? `${event.authorizerAppId} granted [${event.granted}] revoked [${event.revoked}]`
          : `${event.authorizerAppId}: ${event.outcome} (errcode ${event.errcode})`;
    return {
      atMs: Number(row.at) - startedMs,
      actor: "service",
      text: `publishes ${row.topic}: ${detail}`,
    };
  });
}

async function summary(
  db: Awaited<ReturnType<typeof startService>>["db"],
): Promise<string[]> {
  const plugins = await db.query<{ appId: string; state: string }>(
    `SELECT authorizer_app_id AS "appId", state FROM query_plugin`,
  );
  const applied = plugins.filter((row) => row.state === "applied");
  const authorizers = await db.query<{ appId: string; sets: string }>(
    `SELECT authorizer_app_id AS "appId", func_scope_ids AS sets
     FROM authorizer ORDER BY authorizer_app_id`,
  );
  return authorizers.map((row) =>
    applied.some((plugin) => plugin.appId === row.appId)
      ? `${row.appId}: applyQueryPlugin called; its admin has 24 h to accept`
      : `${row.appId}: not applied for (granted ${row.sets}, no set 45)`,
  );
}

await main();
