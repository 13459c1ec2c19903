import { ServiceError } from "./errors.ts";

/** Everything the service reads from its environment, validated once. */
export interface Config {
  componentAppId: string;
  componentAppSecret: string;
  /** The token set on the platform's page, used for msg_signature. */
  componentToken: string;
  /** Current EncodingAESKey, then the previous one during a rotation. */
  encodingAesKeys: string[];
  wechatApiBaseUrl: string;
  wechatTimeoutMs: number;
  /** First backoff step for WeChat's transient answers; doubles to 5 s. */
  wechatRetryBaseDelayMs: number;
  host: string;
  port: number;
  databaseUrl: string;
  kafka: KafkaConfig | null;
  roles: { receiver: boolean; worker: boolean };
  callbackMaxBodyBytes: number;
  callbackToleranceSeconds: number;
  queryPlugin: QueryPluginSettings;
  /** Where merchants' browsers come back to; needed for the link. */
  publicBaseUrl: string | null;
  /** Permission sets the authorization link asks for, e.g. [45]. */
  authorizeCategoryIds: number[];
  wechatMpBaseUrl: string;
  wechatOpenBaseUrl: string;
  logLevel: string;
}

export interface QueryPluginSettings {
  /** open_query_plugin calls a day, counted per China (UTC+8) day. */
  dailyQuota: number;
  /** How long to wait before asking again after 933000/1/2. */
  notEligibleRetryMs: number;
  /** Applications per grant, lapsed ones included, before giving up. */
  maxApplications: number;
  /** How often the scheduler looks for due re-checks and queued calls. */
  schedulerIntervalMs: number;
}

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  groupIdPrefix: string;
  topicPartitions: number;
  sessionTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const aesKey = aesKeyFrom(env, "WECHAT_COMPONENT_AES_KEY", true);
  const previousAesKey = aesKeyFrom(env, "WECHAT_COMPONENT_AES_KEY_PREVIOUS");

  return {
    componentAppId: appIdFrom(env, "WECHAT_COMPONENT_APPID"),
    componentAppSecret: required(env, "WECHAT_COMPONENT_APPSECRET"),
    componentToken: tokenFrom(env, "WECHAT_COMPONENT_TOKEN"),
    encodingAesKeys: previousAesKey ? [aesKey!, previousAesKey] : [aesKey!],
    wechatApiBaseUrl: urlFrom(
      env,
      "WECHAT_API_BASE_URL",
      "https://api.weixin.qq.com",
    ),
    wechatTimeoutMs: intFrom(env, "WECHAT_TIMEOUT_MS", 10_000, 100),
    wechatRetryBaseDelayMs: intFrom(env, "WECHAT_RETRY_BASE_DELAY_MS", 200, 1),
    host: env.HOST?.trim() || "0.0.0.0",
    port: intFrom(env, "PORT", 3000, 0, 65535),
    databaseUrl: databaseUrlFrom(env),
    kafka: kafkaFrom(env),
    roles: rolesFrom(env),
    // WeChat's envelopes are about 1 KiB.
    callbackMaxBodyBytes: intFrom(env, "CALLBACK_MAX_BODY_BYTES", 16384, 512),
    callbackToleranceSeconds: intFrom(
      env,
      "CALLBACK_TOLERANCE_SECONDS",
      300,
      1,
    ),
    queryPlugin: {
      dailyQuota: intFrom(env, "QUERY_PLUGIN_DAILY_QUOTA", 500, 0),
      notEligibleRetryMs:
        intFrom(env, "QUERY_PLUGIN_NOT_ELIGIBLE_RETRY_DAYS", 7, 1) * 86_400_000,
      maxApplications: intFrom(env, "QUERY_PLUGIN_MAX_APPLICATIONS", 3, 1),
      schedulerIntervalMs: intFrom(
        env,
        "QUERY_PLUGIN_SCHEDULER_INTERVAL_MS",
        30_000,
        100,
      ),
    },
    publicBaseUrl: env.PUBLIC_BASE_URL?.trim()
      ? urlFrom(env, "PUBLIC_BASE_URL", "")
      : null,
    authorizeCategoryIds: categoryIdsFrom(env, "AUTHORIZE_CATEGORY_IDS"),
    wechatMpBaseUrl: urlFrom(
      env,
      "WECHAT_MP_BASE_URL",
      "https://mp.weixin.qq.com",
    ),
    wechatOpenBaseUrl: urlFrom(
      env,
      "WECHAT_OPEN_BASE_URL",
      "https://open.weixin.qq.com",
    ),
    logLevel: logLevelFrom(env, "LOG_LEVEL"),
  };
}

function invalid(name: string, expected: string): ServiceError {
  return new ServiceError(
    "CONFIG_INVALID",
    `${name} ${expected}. Set it in the environment and start again.`,
    { details: { variable: name } },
  );
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw invalid(name, "is required but is not set");
  return value;
}

function appIdFrom(env: Env, name: string): string {
  const value = required(env, name);
  if (!/^wx[0-9a-zA-Z]{16}$/.test(value)) {
    throw invalid(name, 'must be an appid: "wx" and 16 letters or digits');
  }
  return value;
}

function tokenFrom(env: Env, name: string): string {
  const value = required(env, name);
  if (!/^[0-9a-zA-Z]{3,32}$/.test(value)) {
    throw invalid(name, "must be 3 to 32 letters or digits, as WeChat allows");
  }
  return value;
}

function aesKeyFrom(env: Env, name: string, isRequired = false) {
  const value = isRequired ? required(env, name) : env[name]?.trim();
  if (!value) return undefined;
  const key = Buffer.from(`${value}=`, "base64");
  if (!/^[0-9a-zA-Z+/]{43}$/.test(value) || key.length !== 32) {
    throw invalid(name, "must be the 43-character EncodingAESKey");
  }
  return value;
}

function urlFrom(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!URL.canParse(value) || !/^https?:/.test(value)) {
    throw invalid(name, "must be an http(s) URL");
  }
  return value.replace(/\/+$/, "");
}

function intFrom(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

const logLevels = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];

function logLevelFrom(env: Env, name: string): string {
  const value = env[name]?.trim() || "info";
  if (!logLevels.includes(value)) {
    throw invalid(name, `must be one of ${logLevels.join(", ")}`);
  }
  return value;
}

function categoryIdsFrom(env: Env, name: string): number[] {
  const text = env[name]?.trim() || "45";
  if (!/^\d{1,4}([|,]\d{1,4})*$/.test(text)) {
    throw invalid(
      name,
      'must be permission set ids separated by "|", e.g. 17|45',
    );
  }
  return text.split(/[|,]/).map(Number);
}

function databaseUrlFrom(env: Env): string {
  const value = env.DATABASE_URL?.trim() || "sqlite:./data/wechat-component.db";
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(value)) {
    throw invalid("DATABASE_URL", "must start with sqlite: or postgres://");
  }
  return value;
}

function kafkaFrom(env: Env): KafkaConfig | null {
  const brokers = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) return null;
  if (brokers.some((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker))) {
    throw invalid("KAFKA_BROKERS", "must be host:port pairs, comma-separated");
  }

  return {
    brokers,
    clientId: env.KAFKA_CLIENT_ID?.trim() || "wechat-component-service",
    topicPrefix: env.KAFKA_TOPIC_PREFIX?.trim() ?? "wechat.component.",
    groupIdPrefix: env.KAFKA_GROUP_ID_PREFIX?.trim() || "wechat-component",
    topicPartitions: intFrom(env, "KAFKA_TOPIC_PARTITIONS", 3, 1, 1000),
    sessionTimeoutMs: intFrom(env, "KAFKA_SESSION_TIMEOUT_MS", 30_000, 6_000),
  };
}

function rolesFrom(env: Env): Config["roles"] {
  const roles = (env.SERVICE_ROLES?.trim() || "receiver,worker").split(",");
  const known = roles.every((role) => ["receiver", "worker"].includes(role));
  if (!known || roles.length === 0) {
    throw invalid("SERVICE_ROLES", 'must list "receiver", "worker" or both');
  }
  return {
    receiver: roles.includes("receiver"),
    worker: roles.includes("worker"),
  };
}
