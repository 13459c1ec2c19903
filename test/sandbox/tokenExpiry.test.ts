import { describe, expect, it } from "vitest";
import { readSandboxEnv } from "../../src/sandbox/readSandboxEnv.ts";
import {
  authorizeAndExchange,
  COMPONENT,
  MINUTE_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const PREAUTH = "/cgi-bin/component/api_create_preauthcode";
const REFRESH = "/cgi-bin/component/api_authorizer_token";
const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const MERCHANT = "wx8888888888888888";
const OTHER = "wx9999999999999999";

function preAuth(t: TestSandbox, componentToken: string) {
  return t.post(
    PREAUTH,
    { component_appid: COMPONENT.appId },
    { component_access_token: componentToken },
  );
}

function open(t: TestSandbox, accessToken: string) {
  return t.post(OPEN, {}, { access_token: accessToken });
}

function refresh(t: TestSandbox, componentToken: string, refreshToken: string) {
  return t.post(
    REFRESH,
    {
      component_appid: COMPONENT.appId,
      authorizer_appid: MERCHANT,
      authorizer_refresh_token: refreshToken,
    },
    { component_access_token: componentToken },
  );
}

describe("tokenLifetimeSeconds", () => {
  it("sets every token's lifetime and the expires_in answered", async () => {
    const t = await startTestSandbox({ tokenLifetimeSeconds: 600 });
    const { ticket } = await t.sandbox.pushTicket();
    const component = await t.post("/cgi-bin/component/api_component_token", {
      component_appid: COMPONENT.appId,
      component_appsecret: COMPONENT.secret,
      component_verify_ticket: ticket,
    });
    const first = await authorizeAndExchange(t, MERCHANT);
    const refreshed = await refresh(
      t,
      first.componentToken,
      first.refreshToken,
    );
    const info = first.answer.authorization_info as Record<string, unknown>;

    expect(component.expires_in).toBe(600);
    expect(info.expires_in).toBe(600);
    expect(refreshed.expires_in).toBe(600);
    t.advance(10 * MINUTE_MS - 1);
    expect((await preAuth(t, first.componentToken)).errcode).toBeUndefined();
    t.advance(1);
    expect((await preAuth(t, first.componentToken)).errcode).toBe(42001);
  });

  it("changes for tokens issued after setTokenLifetimeSeconds()", async () => {
    const t = await startTestSandbox();
    const before = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.setTokenLifetimeSeconds(60);
    const after = await refresh(t, before.componentToken, before.refreshToken);

    expect(after.expires_in).toBe(60);
    t.advance(MINUTE_MS);
    expect((await open(t, String(after.authorizer_access_token))).errcode).toBe(
      42001,
    );
    expect(() => t.sandbox.setTokenLifetimeSeconds(0)).toThrow(/lifetime/);
  });
});

describe("SANDBOX_TOKEN_LIFETIME_SECONDS", () => {
  const env = {
    WECHAT_COMPONENT_APPID: COMPONENT.appId,
    WECHAT_COMPONENT_APPSECRET: COMPONENT.secret,
    WECHAT_COMPONENT_TOKEN: COMPONENT.token,
    WECHAT_COMPONENT_AES_KEY: COMPONENT.aesKey,
  };

  it("defaults to 7200 and names the variable when wrong", () => {
    expect(readSandboxEnv(env).options.tokenLifetimeSeconds).toBe(7200);
    expect(
      readSandboxEnv({ ...env, SANDBOX_TOKEN_LIFETIME_SECONDS: "90" }).options
        .tokenLifetimeSeconds,
    ).toBe(90);
    for (const raw of ["0", "1.5", "soon"]) {
      expect(() =>
        readSandboxEnv({ ...env, SANDBOX_TOKEN_LIFETIME_SECONDS: raw }),
      ).toThrow(/SANDBOX_TOKEN_LIFETIME_SECONDS/);
    }
  });
});

describe("expireTokens", () => {
  it("expires one account's valid tokens early, nothing else", async () => {
    const t = await startTestSandbox();
    const mine = await authorizeAndExchange(t, MERCHANT);
    const other = await authorizeAndExchange(t, OTHER);

    const expired = t.sandbox.expireTokens("authorizer", MERCHANT);

    expect(expired).toEqual([
      expect.stringMatching(`^authorizer_access_token:${MERCHANT}#`),
    ]);
    expect((await open(t, mine.accessToken)).errcode).toBe(42001);
    expect((await open(t, other.accessToken)).errcode).toBe(0);
    expect((await preAuth(t, other.componentToken)).errcode).toBeUndefined();
    const renewed = await refresh(t, mine.componentToken, mine.refreshToken);
    expect(
      (await open(t, String(renewed.authorizer_access_token))).errcode,
    ).toBe(0);
  });

  it("expires every valid token when called bare, and lists only those", async () => {
    const t = await startTestSandbox();
    const mine = await authorizeAndExchange(t, MERCHANT);
    await t.sandbox.unauthorize(MERCHANT);

    const expired = t.sandbox.expireTokens();

    // The component token is still valid; the revoked authorizer one is not.
    expect(expired).toEqual([
      expect.stringMatching(/^component_access_token#/),
    ]);
    expect((await preAuth(t, mine.componentToken)).errcode).toBe(42001);
    expect(t.sandbox.expireTokens()).toEqual([]);
    expect(() =>
      t.sandbox.expireTokens("nope" as unknown as "component"),
    ).toThrow(/kind/);
  });

  it("turns a superseded token still in its grace to 42001", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    await refresh(t, first.componentToken, first.refreshToken);

    const expired = t.sandbox.expireTokens("authorizer");

    expect(expired).toHaveLength(2);
    expect((await open(t, first.accessToken)).errcode).toBe(42001);
  });
});
