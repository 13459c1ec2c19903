import { describe, expect, it } from "vitest";
import type { SandboxLogger } from "../../src/sandbox/sandboxLogger.ts";
import {
  authorizeAndExchange,
  COMPONENT,
  START_MS,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const MERCHANT = "wx5555555555555555";

function recordingLogger() {
  const lines: string[] = [];
  const logger: SandboxLogger = {
    info: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    warn: (fields, message) => lines.push(JSON.stringify({ fields, message })),
  };
  return { logger, lines };
}

describe("scriptAnswer", () => {
  it("answers the scripted errcodes in turn, then normally", async () => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();
    t.sandbox.scriptAnswer(TOKEN_PATH, [-1, 45011]);
    t.sandbox.scriptAnswer("api_component_token", [0, -1]);
    const body = {
      component_appid: COMPONENT.appId,
      component_appsecret: COMPONENT.secret,
      component_verify_ticket: ticket,
    };

    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await t.post(TOKEN_PATH, body));

    expect(answers.map((answer) => answer.errcode ?? 0)).toEqual([
      -1, 45011, 0, -1, 0,
    ]);
    expect(t.sandbox.calls().map((call) => call.scripted)).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(() => t.sandbox.scriptAnswer("api_nope", [-1])).toThrow(
      /not a sandbox API/,
    );
  });
});

describe("call log and logs", () => {
  it("records each call without a single secret", async () => {
    const { logger, lines } = recordingLogger();
    const t = await startTestSandbox({ logger });
    const { componentToken, accessToken, refreshToken, grant } =
      await authorizeAndExchange(t, MERCHANT);
    await t.post(
      "/cgi-bin/component/api_authorizer_token",
      {
        component_appid: COMPONENT.appId,
        authorizer_appid: MERCHANT,
        authorizer_refresh_token: refreshToken,
      },
      { component_access_token: componentToken },
    );
    await t.post(
      "/cgi-bin/express/delivery/open_msg/open_query_plugin",
      {},
      {
        access_token: accessToken,
      },
    );

    const calls = t.sandbox.calls();
    expect(calls.map((call) => call.tokenId)).toEqual([
      null,
      expect.stringMatching(/^component_access_token#\d+$/),
      expect.stringMatching(/^component_access_token#\d+$/),
      expect.stringMatching(`^authorizer_access_token:${MERCHANT}#\\d+$`),
    ]);
    expect(calls[0]).toMatchObject({
      path: TOKEN_PATH,
      errcode: 0,
      atMs: START_MS,
      body: {
        component_appid: COMPONENT.appId,
        component_appsecret: "[redacted]",
        component_verify_ticket: "[redacted]",
      },
    });
    expect(calls[2]?.body).toMatchObject({
      authorizer_appid: MERCHANT,
      authorizer_refresh_token: "[redacted]",
    });
    const seen = JSON.stringify(calls) + lines.join("\n");
    const { ticket } = await t.sandbox.pushTicket({ sameValue: true });
    for (const secret of [
      COMPONENT.secret,
      COMPONENT.aesKey,
      ticket,
      componentToken,
      accessToken,
      refreshToken,
      grant.authorizationCode,
      grant.preAuthCode,
    ]) {
      expect(seen).not.toContain(secret);
    }
    expect(lines.length).toBeGreaterThan(0);
  });

  it("can be cleared", async () => {
    const t = await startTestSandbox();
    await t.post(TOKEN_PATH, {});
    t.sandbox.clearCalls();

    expect(t.sandbox.calls()).toEqual([]);
  });
});

describe("request bodies and paths", () => {
  it.each([
    ["", 44002],
    ["not json", 47001],
    ["[1, 2]", 47001],
  ])("answers %j with %i", async (body, errcode) => {
    const t = await startTestSandbox();

    expect((await t.post(TOKEN_PATH, body)).errcode).toBe(errcode);
    expect(t.sandbox.calls()[0]).toMatchObject({ body: null, errcode });
  });

  it("answers HTTP 404 for paths WeChat has no sandbox for", async () => {
    const t = await startTestSandbox();

    const response = await fetch(`${t.baseUrl}/cgi-bin/token`, {
      method: "POST",
    });

    expect(response.status).toBe(404);
  });
});
