import { describe, expect, it } from "vitest";

import { loadConfig } from "../../src/config.ts";
import { ServiceError } from "../../src/errors.ts";

const valid = {
  WECHAT_COMPONENT_APPID: "wx1234567890abcdef",
  WECHAT_COMPONENT_APPSECRET: "secret",
  WECHAT_COMPONENT_TOKEN: "token123",
  WECHAT_COMPONENT_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

function failure(env: Record<string, string>): ServiceError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("fills the documented defaults", () => {
    const config = loadConfig(valid);

    expect(config).toMatchObject({
      wechatApiBaseUrl: "https://api.weixin.qq.com",
      port: 3000,
      databaseUrl: "sqlite:./data/wechat-component.db",
      kafka: null,
      roles: { receiver: true, worker: true },
      encodingAesKeys: [valid.WECHAT_COMPONENT_AES_KEY],
      queryPlugin: { dailyQuota: 500, maxApplications: 3 },
    });
  });

  it.each([
    ["WECHAT_COMPONENT_APPID", { WECHAT_COMPONENT_APPID: "" }],
    ["WECHAT_COMPONENT_APPID", { WECHAT_COMPONENT_APPID: "not-an-appid" }],
    ["WECHAT_COMPONENT_AES_KEY", { WECHAT_COMPONENT_AES_KEY: "short" }],
    ["WECHAT_COMPONENT_TOKEN", { WECHAT_COMPONENT_TOKEN: "has space" }],
    ["PORT", { PORT: "70000" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }],
    ["KAFKA_BROKERS", { KAFKA_BROKERS: "no-port" }],
    ["SERVICE_ROLES", { SERVICE_ROLES: "everything" }],
    ["WECHAT_API_BASE_URL", { WECHAT_API_BASE_URL: "ftp://x" }],
  ])("names %s when it is wrong", (variable, override) => {
    const error = failure({ ...valid, ...override });

    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(variable);
    expect(error.details).toEqual({ variable });
  });

  it("never puts a secret's value in its message", () => {
    const error = failure({
      ...valid,
      WECHAT_COMPONENT_AES_KEY: "s3cr3t-but-wrong",
    });

    expect(error.message).not.toContain("s3cr3t-but-wrong");
  });

  it("reads Kafka settings when brokers are given", () => {
    const config = loadConfig({
      ...valid,
      KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9093",
    });

    expect(config.kafka).toMatchObject({
      brokers: ["127.0.0.1:9092", "127.0.0.1:9093"],
      topicPrefix: "wechat.component.",
      groupIdPrefix: "wechat-component",
    });
  });
});
