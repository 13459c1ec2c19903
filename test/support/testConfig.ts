import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

import { loadConfig, type Config } from "../../src/config.ts";
import { createLogger, type Logger } from "../../src/logger.ts";

export const credentials = {
  appId: "wx1234567890abcdef",
  appSecret: "test-app-secret-0123456789abcdef",
  token: "testtoken123",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

/** A fresh SQLite file under the system temp dir. */
export function tempSqliteUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), "wechat-component-test-"));
  return `sqlite:${join(dir, "store.db")}`;
}

/** A PostgreSQL URL with a schema of its own, for one test. */
export function tempPostgresUrl(): string {
  const base =
    process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  return `${base}?schema=t_${randomBytes(6).toString("hex")}`;
}

export function testConfig(
  env: Record<string, string | undefined> = {},
): Config {
  return loadConfig({
    WECHAT_COMPONENT_APPID: credentials.appId,
    WECHAT_COMPONENT_APPSECRET: credentials.appSecret,
    WECHAT_COMPONENT_TOKEN: credentials.token,
    WECHAT_COMPONENT_AES_KEY: credentials.encodingAesKey,
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: tempSqliteUrl(),
    LOG_LEVEL: "debug",
    ...env,
  });
}

/** A logger whose lines a test can read back. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger("debug", sink), lines };
}
