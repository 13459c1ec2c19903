import { describe, expect, it } from "vitest";
import {
  authorizeAndExchange,
  COMPONENT,
  HOUR_MS,
  MINUTE_MS,
  START_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const MERCHANT = "wx3333333333333333";

function openPlugin(t: TestSandbox, accessToken?: string) {
  const query: Record<string, string> =
    accessToken === undefined ? {} : { access_token: accessToken };
  return t.post(OPEN, {}, query);
}

describe("open_query_plugin", () => {
  it("answers 0, then 933003 once the admin accepted", async () => {
    const t = await startTestSandbox();
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);

    expect((await openPlugin(t, accessToken)).errcode).toBe(0);
    expect((await openPlugin(t, accessToken)).errcode).toBe(0);
    t.sandbox.acceptQueryPlugin(MERCHANT);

    expect((await openPlugin(t, accessToken)).errcode).toBe(933003);
    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("open");
  });

  it("lets an unaccepted application lapse after 24 hours", async () => {
    const t = await startTestSandbox();
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    await openPlugin(t, accessToken);

    t.advance(24 * HOUR_MS);

    expect(() => t.sandbox.acceptQueryPlugin(MERCHANT)).toThrow(/no pending/);
    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("none");
  });

  it("answers 61007 without permission set 45", async () => {
    const t = await startTestSandbox();
    const { accessToken } = await authorizeAndExchange(t, MERCHANT, [17, 18]);

    expect((await openPlugin(t, accessToken)).errcode).toBe(61007);
  });

  it.each([933000, 933001, 933002, 933004, -1])(
    "answers the scripted %i for the account",
    async (errcode) => {
      const t = await startTestSandbox();
      const { accessToken } = await authorizeAndExchange(t, MERCHANT);
      t.sandbox.scriptQueryPlugin(MERCHANT, errcode);

      expect((await openPlugin(t, accessToken)).errcode).toBe(errcode);
      t.sandbox.scriptQueryPlugin(MERCHANT, null);
      expect((await openPlugin(t, accessToken)).errcode).toBe(0);
    },
  );

  it("refuses unscriptable errcodes and unknown accounts", async () => {
    const t = await startTestSandbox();
    await authorizeAndExchange(t, MERCHANT);

    expect(() => t.sandbox.scriptQueryPlugin(MERCHANT, 12345)).toThrow();
    expect(() => t.sandbox.acceptQueryPlugin("wx0000000000000000")).toThrow(
      /never authorized/,
    );
  });
});

describe("open_query_plugin access token", () => {
  it("needs an authorizer token, not a component one", async () => {
    const t = await startTestSandbox();
    const { componentToken } = await authorizeAndExchange(t, MERCHANT);

    expect((await openPlugin(t)).errcode).toBe(41001);
    expect((await openPlugin(t, "made-up")).errcode).toBe(40001);
    expect((await openPlugin(t, componentToken)).errcode).toBe(40001);
  });

  it("keeps a refreshed-away token 5 minutes, then 40001", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    await t.post(
      "/cgi-bin/component/api_authorizer_token",
      {
        component_appid: COMPONENT.appId,
        authorizer_appid: MERCHANT,
        authorizer_refresh_token: first.refreshToken,
      },
      { component_access_token: first.componentToken },
    );

    t.advance(4 * MINUTE_MS);
    expect((await openPlugin(t, first.accessToken)).errcode).toBe(0);
    t.advance(MINUTE_MS);
    expect((await openPlugin(t, first.accessToken)).errcode).toBe(40001);
  });

  it("answers 42001 after 7200 s and 40001 once revoked", async () => {
    const t = await startTestSandbox();
    const first = await authorizeAndExchange(t, MERCHANT);
    t.advance(2 * HOUR_MS);
    expect((await openPlugin(t, first.accessToken)).errcode).toBe(42001);

    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });
    const second = await authorizeAndExchange(t, MERCHANT);
    await t.sandbox.unauthorize(MERCHANT);

    expect((await openPlugin(t, second.accessToken)).errcode).toBe(40001);
  });
});

describe("open_query_plugin daily quota", () => {
  it("counts every authorizer's calls against the component", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 3 });
    const a = await authorizeAndExchange(t, MERCHANT);
    const b = await authorizeAndExchange(t, "wx4444444444444444");
    for (const token of [a.accessToken, b.accessToken, a.accessToken]) {
      expect((await openPlugin(t, token)).errcode).toBe(0);
    }

    expect((await openPlugin(t, b.accessToken)).errcode).toBe(45009);
    expect((await openPlugin(t, a.accessToken)).errcode).toBe(45009);
  });

  it("answers 45009 until midnight UTC+8 (16:00 UTC)", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const a = await authorizeAndExchange(t, MERCHANT);
    // START_MS is 10:00 in Beijing on the same day.
    const midnightBeijing = START_MS + 14 * HOUR_MS;
    await openPlugin(t, a.accessToken);

    t.advance(midnightBeijing - 1 - t.sandbox.nowMs());
    const refreshed = await authorizeAndExchange(t, MERCHANT);
    expect((await openPlugin(t, refreshed.accessToken)).errcode).toBe(45009);
    t.advance(1);
    expect((await openPlugin(t, refreshed.accessToken)).errcode).toBe(0);
  });

  it("can count per authorizer instead", async () => {
    const t = await startTestSandbox({
      queryPluginDailyQuota: 1,
      queryPluginQuotaScope: "authorizer",
    });
    const a = await authorizeAndExchange(t, MERCHANT);
    const b = await authorizeAndExchange(t, "wx4444444444444444");

    expect((await openPlugin(t, a.accessToken)).errcode).toBe(0);
    expect((await openPlugin(t, b.accessToken)).errcode).toBe(0);
    expect((await openPlugin(t, a.accessToken)).errcode).toBe(45009);
  });
});
