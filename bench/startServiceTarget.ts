import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort } from "../test/support/freePort.ts";
import { credentials } from "../test/support/testConfig.ts";
import { waitFor } from "../test/support/waitFor.ts";
import type { BenchTarget } from "./benchTarget.ts";
import { childEnv } from "./childEnv.ts";
import { startNodeChild } from "./startNodeChild.ts";

export interface ServiceTargetOptions {
  name: string;
  roles: "receiver" | "receiver,worker";
  /** Where the WeChat client calls; required when handlers run. */
  wechatApiBaseUrl?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/**
 * `npm start`'s entry point in a process of its own, on a fresh SQLite
 * file with the pragmas the service sets (WAL, synchronous=FULL).
 */
export async function startServiceTarget(
  options: ServiceTargetOptions,
): Promise<BenchTarget> {
  const databasePath = join(
    mkdtempSync(join(tmpdir(), "wechat-component-bench-")),
    "store.db",
  );
  const port = await freePort();
  const env = childEnv({
    WECHAT_COMPONENT_APPID: credentials.appId,
    WECHAT_COMPONENT_APPSECRET: credentials.appSecret,
    WECHAT_COMPONENT_TOKEN: credentials.token,
    WECHAT_COMPONENT_AES_KEY: credentials.encodingAesKey,
    DATABASE_URL: `sqlite:${databasePath}`,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    SERVICE_ROLES: options.roles,
    ...(options.wechatApiBaseUrl
      ? { WECHAT_API_BASE_URL: options.wechatApiBaseUrl }
      : {}),
  });
  const child = startNodeChild("src/main.ts", env, options.nodeArgs);
  const url = `http://127.0.0.1:${port}`;

  await waitFor(async () => {
    if (child.exited()) {
      throw new Error(`${options.name} exited:\n${child.output()}`);
    }
    return fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
  }, `${options.name} to answer /healthz`);
  return { name: options.name, url, child, databasePath };
}
