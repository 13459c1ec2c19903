import { describe, expect, it } from "vitest";
import {
  COMPONENT,
  componentAccessToken,
  MINUTE_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const INFO = "/cgi-bin/component/api_get_authorizer_info";
const LIST = "/cgi-bin/component/api_get_authorizer_list";
const MINI = "wx1111111111111111";
const ACCOUNT = "wx2222222222222222";

function info(t: TestSandbox, token: string, authorizerAppid: string) {
  return t.post(
    INFO,
    { component_appid: COMPONENT.appId, authorizer_appid: authorizerAppid },
    { component_access_token: token },
  );
}

function list(t: TestSandbox, token: string, offset: unknown, count: unknown) {
  return t.post(
    LIST,
    { component_appid: COMPONENT.appId, offset, count },
    { component_access_token: token },
  );
}

describe("api_get_authorizer_info", () => {
  it("gives a Mini Program its MiniProgramInfo", async () => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);
    await t.sandbox.authorize({
      authorizerAppid: MINI,
      funcScopeIds: [45, 17],
      accountType: "miniprogram",
    });

    const answer = await info(t, token, MINI);

    expect(answer.authorizer_info).toMatchObject({
      service_type_info: { id: 0 },
      user_name: expect.stringMatching(/^gh_/),
      MiniProgramInfo: { visit_status: 0 },
    });
    expect(answer.authorization_info).toMatchObject({
      authorizer_appid: MINI,
      authorizer_refresh_token: expect.stringMatching(/^refreshtoken@@@/),
      func_info: [
        { funcscope_category: { id: 17 } },
        { funcscope_category: { id: 45 } },
      ],
    });
  });

  it("gives an official account no MiniProgramInfo", async () => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);
    await t.sandbox.authorize({
      authorizerAppid: ACCOUNT,
      funcScopeIds: [1],
      accountType: "officialaccount",
    });

    const answer = await info(t, token, ACCOUNT);

    expect(answer.authorizer_info).not.toHaveProperty("MiniProgramInfo");
    expect(answer.authorizer_info).toMatchObject({
      service_type_info: { id: 2 },
    });
  });

  it("answers 61003 for an account that never or no longer grants", async () => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);
    await t.sandbox.authorize({ authorizerAppid: MINI, funcScopeIds: [45] });
    await t.sandbox.unauthorize(MINI);

    expect((await info(t, token, MINI)).errcode).toBe(61003);
    expect((await info(t, token, ACCOUNT)).errcode).toBe(61003);
  });
});

describe("api_get_authorizer_list", () => {
  it("pages through current authorizers, oldest first", async () => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);
    const appIds = [
      "wxa000000000000001",
      "wxa000000000000002",
      "wxa000000000000003",
    ];
    for (const authorizerAppid of appIds) {
      await t.sandbox.authorize({ authorizerAppid, funcScopeIds: [45] });
      t.advance(MINUTE_MS);
    }
    await t.sandbox.unauthorize("wxa000000000000002");

    const firstPage = await list(t, token, 0, 1);
    const secondPage = await list(t, token, 1, 500);

    expect(firstPage.total_count).toBe(2);
    expect(firstPage.list).toEqual([
      { authorizer_appid: "wxa000000000000001", auth_time: expect.any(Number) },
    ]);
    expect(secondPage.list).toEqual([
      { authorizer_appid: "wxa000000000000003", auth_time: expect.any(Number) },
    ]);
    expect(secondPage.list).not.toContainEqual(
      expect.objectContaining({ refresh_token: expect.anything() }),
    );
  });

  it.each([
    [0, 501],
    [0, 0],
    [-1, 10],
    [undefined, 10],
  ])("answers 40097 for offset %s and count %s", async (offset, count) => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);

    expect((await list(t, token, offset, count)).errcode).toBe(40097);
  });
});
