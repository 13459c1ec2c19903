import { randomBytes } from "node:crypto";

import {
  createWeChatSandbox,
  type WeChatSandbox,
} from "../../src/sandbox/createWeChatSandbox.ts";
import { startService, type Service } from "../../src/service.ts";
import { kafkaBrokers } from "./kafkaBrokers.ts";
import {
  capturingLogger,
  credentials,
  tempPostgresUrl,
  testConfig,
} from "./testConfig.ts";

export type PipelineMode = "embedded" | "kafka";
export type StoreKind = "sqlite" | "postgres";

export interface Stack {
  sandbox: WeChatSandbox;
  service: Service;
  logLines: string[];
  /** Kafka names of this stack's topics, when in Kafka mode. */
  topicPrefix: string;
  env: Record<string, string>;
  /** Stops the service only (a crash stand-in when `graceful` is false). */
  restartService(): Promise<Service>;
  stop(): Promise<void>;
}

/**
 * The sandbox and the service wired to each other, with a random topic
 * prefix and group per stack so tests never see each other's messages.
 */
export async function startStack(
  mode: PipelineMode,
  store: StoreKind = "sqlite",
  extraEnv: Record<string, string> = {},
): Promise<Stack> {
  const sandbox = createWeChatSandbox({
    componentAppId: credentials.appId,
    componentAppSecret: credentials.appSecret,
    componentToken: credentials.token,
    encodingAesKey: credentials.encodingAesKey,
    pushRetryDelayMs: 200,
  });
  const { baseUrl } = await sandbox.start();
  const run = randomBytes(4).toString("hex");
  const topicPrefix = `test.${run}.`;
  const env: Record<string, string> = {
    WECHAT_API_BASE_URL: baseUrl,
    WECHAT_MP_BASE_URL: baseUrl,
    WECHAT_OPEN_BASE_URL: baseUrl,
    ...(store === "postgres" ? { DATABASE_URL: tempPostgresUrl() } : {}),
    ...(mode === "kafka"
      ? {
          KAFKA_BROKERS: kafkaBrokers(),
          KAFKA_TOPIC_PREFIX: topicPrefix,
          KAFKA_GROUP_ID_PREFIX: `test-${run}`,
        }
      : {}),
    ...extraEnv,
  };
  const config = testConfig(env);
  const { logger, lines } = capturingLogger();

  // The service lives on the sandbox's clock, so a test can move both on.
  const now = () => sandbox.nowMs();
  let service = await startService(config, { logger, now });
  sandbox.setCallbackUrl(`${service.url}/wechat/component/callback`);

  return {
    sandbox,
    get service() {
      return service;
    },
    logLines: lines,
    topicPrefix,
    env: { ...env, DATABASE_URL: config.databaseUrl },
    async restartService() {
      await service.stop();
      service = await startService(config, { logger, now });
      sandbox.setCallbackUrl(`${service.url}/wechat/component/callback`);
      return service;
    },
    async stop() {
      await service.stop();
      await sandbox.stop();
    },
  };
}

/** The sandbox's record of open_query_plugin calls. */
export function queryPluginCalls(sandbox: WeChatSandbox) {
  return sandbox
    .calls()
    .filter((call) => call.path.endsWith("/open_query_plugin"));
}
