import { describe, expect, it } from "vitest";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import { decryptFromSpec, xmlValue } from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  START_MS,
  script,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const MERCHANT = "wx5555555555555555";

describe("scripting over HTTP", () => {
  it("authorizes, pushes and reports like the methods", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox();
    expect(
      (await script(t, "callback-url", { url: receiver.url })).status,
    ).toBe(200);

    const ticket = await script(t, "push-ticket", {});
    const grant = await script(t, "authorize", {
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      push: { twice: true },
    });
    const other = await script(t, "push-other", {
      infoType: "notify_third_fasteregister",
      fields: { appid: MERCHANT, status: 0 },
    });

    expect(ticket.json).toEqual({
      ticketId: "ticket#1",
      push: expect.objectContaining({ body: "success" }),
    });
    expect(grant.json).toMatchObject({
      infoType: "authorized",
      push: { deliveries: 2 },
    });
    expect(other.json.push.status).toBe(200);
    expect(receiver.pushes).toHaveLength(4);
    const encrypt = xmlValue(receiver.pushes[3]?.body ?? "", "Encrypt") ?? "";
    const { xml } = decryptFromSpec(COMPONENT.aesKey, encrypt);
    expect(xml).toContain("<appid><![CDATA[wx5555555555555555]]></appid>");
  });

  it("scripts answers, the query plugin and the clock", async () => {
    const t = await startTestSandbox();
    await script(t, "authorize", {
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });

    const scripted = await script(t, "script-answer", {
      path: TOKEN_PATH,
      errcodes: [-1],
    });
    const refused = await script(t, "accept-query-plugin", {
      authorizerAppid: MERCHANT,
    });
    const outcome = await script(t, "script-query-plugin", {
      authorizerAppid: MERCHANT,
      errcode: 933002,
    });
    const clock = await script(t, "advance-clock", { ms: 60_000 });
    const authorizers = (await (
      await fetch(`${t.baseUrl}/sandbox/authorizers`)
    ).json()) as { authorizers: unknown[] };

    expect(scripted).toEqual({ status: 200, json: { ok: true } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/no pending application/);
    expect(outcome.status).toBe(200);
    expect(clock.json).toEqual({ nowMs: START_MS + 60_000 });
    expect(authorizers.authorizers).toEqual([
      expect.objectContaining({
        authorizerAppid: MERCHANT,
        authorized: true,
        funcScopeIds: [45],
        queryPlugin: {
          state: "none",
          appliedAt: null,
          scriptedErrcode: 933002,
        },
      }),
    ]);
    expect((await t.post(TOKEN_PATH, {})).errcode).toBe(-1);
    const calls = (await (
      await fetch(`${t.baseUrl}/sandbox/calls`)
    ).json()) as {
      calls: unknown[];
    };
    expect(calls.calls).toHaveLength(1);
  });

  it("answers 400 for bad scripting input", async () => {
    const t = await startTestSandbox();

    const responses = await Promise.all([
      script(t, "authorize", { authorizerAppid: MERCHANT, funcScopeIds: "45" }),
      script(t, "unauthorize", { authorizerAppid: MERCHANT }),
      script(t, "callback-url", { url: "ftp://127.0.0.1/" }),
      script(t, "advance-clock", { ms: -5 }),
      script(t, "push-ticket", { push: { tamper: "nonsense" } }),
      script(t, "script-answer", { path: TOKEN_PATH, errcodes: "x" }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([
      400, 400, 400, 400, 400, 400,
    ]);
  });
});
