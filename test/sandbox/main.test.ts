import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, it, onTestFinished } from "vitest";
import { COMPONENT } from "./helpers/testSandbox.ts";

const TSX = "node_modules/.bin/tsx";
const MAIN = "src/sandbox/main.ts";

function runMain(env: Record<string, string>) {
  const child = spawn(TSX, [MAIN], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill("SIGTERM");
  });
  return child;
}

describe("sandbox CLI", () => {
  it("starts from the environment and prints its base URL", async () => {
    const child = runMain({
      WECHAT_COMPONENT_APPID: COMPONENT.appId,
      WECHAT_COMPONENT_APPSECRET: COMPONENT.secret,
      WECHAT_COMPONENT_TOKEN: COMPONENT.token,
      WECHAT_COMPONENT_AES_KEY: COMPONENT.aesKey,
      SANDBOX_TICKET_INTERVAL_SECONDS: "0",
    });
    const lines = createInterface({ input: child.stdout });
    const [baseUrl] = (await once(lines, "line")) as [string];

    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(
      `${baseUrl}/cgi-bin/component/api_component_token`,
      { method: "POST", body: "{}" },
    );
    expect(await answer.json()).toMatchObject({ errcode: 40013 });

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("names the missing variable and exits 1", async () => {
    const child = runMain({ WECHAT_COMPONENT_APPID: COMPONENT.appId });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

    const [code] = await once(child, "exit");

    expect(code).toBe(1);
    expect(stderr).toMatch(/WECHAT_COMPONENT_AES_KEY is not set/);
  });
});
