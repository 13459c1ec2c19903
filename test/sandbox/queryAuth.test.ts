import { describe, expect, it } from "vitest";
import {
  authorizeAndExchange,
  COMPONENT,
  HOUR_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const MERCHANT = "wx9f8e7d6c5b4a3f2e";
const QUERY_AUTH = "/cgi-bin/component/api_query_auth";
const AUTHORIZER_TOKEN = "/cgi-bin/component/api_authorizer_token";

function queryAuth(t: TestSandbox, token: string, code: string) {
  return t.post(
    QUERY_AUTH,
    { component_appid: COMPONENT.appId, authorization_code: code },
    { component_access_token: token },
  );
}

function refresh(t: TestSandbox, token: string, refreshToken: string) {
  return t.post(
    AUTHORIZER_TOKEN,
    {
      component_appid: COMPONENT.appId,
      authorizer_appid: MERCHANT,
      authorizer_refresh_token: refreshToken,
    },
    { component_access_token: token },
  );
}

describe("api_query_auth", () => {
  it("answers tokens and func_info with confirm_info on some sets", async () => {
    const t = await startTestSandbox();

    const { answer, accessToken, refreshToken } = await authorizeAndExchange(
      t,
      MERCHANT,
      [17, 18, 45],
    );

    expect(answer.authorization_info).toMatchObject({
      authorizer_appid: MERCHANT,
      expires_in: 7200,
      func_info: [
        { funcscope_category: { id: 17 } },
        {
          funcscope_category: { id: 18 },
          confirm_info: { need_confirm: 0, already_confirm: 0, can_confirm: 0 },
        },
        { funcscope_category: { id: 45 }, confirm_info: expect.any(Object) },
      ],
    });
    expect(accessToken).toMatch(/^[A-Za-z0-9]{100,}$/);
    expect(refreshToken).toMatch(/^refreshtoken@@@/);
  });

  it("exchanges a code again until it expires after 3600 s", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    const code = first.grant.authorizationCode;

    t.advance(HOUR_MS - 1000);
    const second = await queryAuth(t, first.componentToken, code);
    t.advance(1000);
    const late = await queryAuth(t, first.componentToken, code);

    const info = second.authorization_info as Record<string, unknown>;
    expect(info.authorizer_access_token).not.toBe(first.accessToken);
    expect(info.authorizer_refresh_token).toBe(first.refreshToken);
    expect(late.errcode).toBe(61010);
  });

  it("answers 61009 for unknown codes and codes of a revoked grant", async () => {
    const t = await startTestSandbox();
    const { componentToken, grant } = await authorizeAndExchange(t, MERCHANT);
    await t.sandbox.unauthorize(MERCHANT);

    expect(
      (await queryAuth(t, componentToken, "queryauthcode@@@x")).errcode,
    ).toBe(61009);
    expect(
      (await queryAuth(t, componentToken, grant.authorizationCode)).errcode,
    ).toBe(61009);
  });

  it("answers 40013 for another component and 41001 with no token", async () => {
    const t = await startTestSandbox();
    const { componentToken, grant } = await authorizeAndExchange(t, MERCHANT);

    const wrongApp = await t.post(
      QUERY_AUTH,
      {
        component_appid: "wx0000000000000000",
        authorization_code: grant.authorizationCode,
      },
      { component_access_token: componentToken },
    );
    const noToken = await t.post(QUERY_AUTH, {
      component_appid: COMPONENT.appId,
      authorization_code: grant.authorizationCode,
    });

    expect(wrongApp.errcode).toBe(40013);
    expect(noToken.errcode).toBe(41001);
  });
});

describe("api_authorizer_token", () => {
  it("answers a new token with the same refresh token", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);

    const answer = await refresh(t, first.componentToken, first.refreshToken);

    expect(answer.expires_in).toBe(7200);
    expect(answer.authorizer_refresh_token).toBe(first.refreshToken);
    expect(answer.authorizer_access_token).not.toBe(first.accessToken);
  });

  it("answers 61023 for an unknown or outdated refresh token", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT, [45]);
    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [17, 45],
    });

    const outdated = await refresh(t, first.componentToken, first.refreshToken);
    const unknown = await refresh(t, first.componentToken, "refreshtoken@@@x");

    expect(outdated.errcode).toBe(61023);
    expect(unknown.errcode).toBe(61023);
  });

  it("answers 61003 after the account revoked the platform", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    await t.sandbox.unauthorize(MERCHANT);

    const answer = await refresh(t, first.componentToken, first.refreshToken);

    expect(answer.errcode).toBe(61003);
  });

  it("changes the refresh token when the merchant re-authorizes", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    await t.sandbox.unauthorize(MERCHANT);

    const second = await authorizeAndExchange(t, MERCHANT);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(
      (await refresh(t, second.componentToken, second.refreshToken)).errcode,
    ).toBeUndefined();
  });
});
