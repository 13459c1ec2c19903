import { describe, expect, it } from "vitest";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import {
  authorizeAndExchange,
  COMPONENT,
  componentAccessToken,
  script,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const MERCHANT = "wx4545454545454545";

describe("bad days over HTTP", () => {
  it("scripts delays and drops", async () => {
    const t = await startTestSandbox();
    const ok = { status: 200, json: { ok: true } };

    expect(
      await script(t, "script-delay", { path: TOKEN_PATH, delayMs: 100 }),
    ).toEqual(ok);
    expect(
      await script(t, "script-drop", { path: "api_component_token" }),
    ).toEqual(ok);
    expect(
      await script(t, "script-drop-after-effect", { path: TOKEN_PATH }),
    ).toEqual(ok);
    const post = () =>
      fetch(new URL(TOKEN_PATH, t.baseUrl), {
        method: "POST",
        body: "{}",
      }).then(
        (response) => response.status,
        () => "dropped",
      );

    expect([await post(), await post(), await post()]).toEqual([
      200,
      "dropped",
      "dropped",
    ]);
    expect(t.sandbox.calls().map((call) => call.delayMs)).toEqual([
      100,
      null,
      null,
    ]);
  });

  it("sets the whitelist, random errors and token lifetime", async () => {
    const t = await startTestSandbox();

    await script(t, "ip-whitelist", { ips: ["10.0.0.1"] });
    expect((await t.post(TOKEN_PATH, {})).errcode).toBe(61004);
    await script(t, "ip-whitelist", { ips: null });
    await script(t, "random-errors", { rate: 1, errcode: 45011, seed: 7 });
    expect((await t.post(TOKEN_PATH, {})).errcode).toBe(45011);
    const off = await fetch(`${t.baseUrl}/sandbox/random-errors`, {
      method: "DELETE",
    });
    expect(off.status).toBe(200);
    expect((await t.post(TOKEN_PATH, {})).errcode).toBe(40013);

    await script(t, "token-lifetime", { seconds: 900 });
    const { accessToken, answer } = await authorizeAndExchange(t, MERCHANT);
    const info = answer.authorization_info as Record<string, unknown>;
    expect(info.expires_in).toBe(900);
    const expired = await script(t, "expire-tokens", {
      kind: "authorizer",
      ownerAppId: MERCHANT,
    });
    expect(expired.json.expired).toEqual([
      expect.stringMatching(`^authorizer_access_token:${MERCHANT}#`),
    ]);
    const refused = await t.post(OPEN, {}, { access_token: accessToken });
    expect(refused.errcode).toBe(42001);
  });

  it("queues a merchant with a held push and releases it", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    const queued = await script(t, "next-merchant", {
      authorizerAppid: MERCHANT,
      funcScopeIds: [17, 45],
      deselect: [17],
      push: "hold",
    });
    expect(queued.json).toEqual({
      merchantId: "merchant#1",
      heldPushId: "held-push#1",
    });
    const preAuth = await t.post(
      "/cgi-bin/component/api_create_preauthcode",
      { component_appid: COMPONENT.appId },
      { component_access_token: await componentAccessToken(t) },
    );
    const url = new URL("/wxaopen/safe/bindcomponent", t.baseUrl);
    url.search = new URLSearchParams({
      action: "bindcomponent",
      no_scan: "1",
      component_appid: COMPONENT.appId,
      pre_auth_code: String(preAuth.pre_auth_code),
      redirect_uri: "http://127.0.0.1:9/back",
      auth_type: "2",
    }).toString();

    const page = await fetch(url, { redirect: "manual" });
    const pushesBefore = receiver.pushes.length;
    const released = await script(t, "release-held-push", {
      id: "held-push#1",
    });

    expect(page.status).toBe(302);
    expect(released.json.push).toMatchObject({ status: 200, body: "success" });
    expect(receiver.pushes).toHaveLength(pushesBefore + 1);
    expect(t.sandbox.authorizers()[0]?.funcScopeIds).toEqual([45]);
    const grant = await script(t, "authorize", {
      authorizerAppid: MERCHANT,
      funcScopeIds: [18],
      push: "hold",
    });
    expect(grant.json).toMatchObject({
      infoType: "updateauthorized",
      push: null,
      heldPushId: "held-push#2",
    });
  });

  it("answers 400 for bad input", async () => {
    const t = await startTestSandbox();

    const responses = await Promise.all([
      script(t, "script-delay", { path: TOKEN_PATH, delayMs: "soon" }),
      script(t, "script-drop", { path: TOKEN_PATH, times: 0 }),
      script(t, "script-drop-after-effect", { path: "api_nope" }),
      script(t, "ip-whitelist", { ips: "127.0.0.1" }),
      script(t, "expire-tokens", { kind: "refresh" }),
      script(t, "token-lifetime", { seconds: 0 }),
      script(t, "random-errors", {}),
      script(t, "next-merchant", { authorizerAppid: MERCHANT }),
      script(t, "release-held-push", { id: "held-push#9" }),
      script(t, "authorize", {
        authorizerAppid: MERCHANT,
        funcScopeIds: [45],
        push: "later",
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual(
      Array(10).fill(400),
    );
  });
});
