import { describe, expect, it } from "vitest";
import { callerIps } from "../../src/sandbox/ipWhitelist.ts";
import {
  authorizeAndExchange,
  COMPONENT,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const MERCHANT = "wx7777777777777777";
const REFUSAL =
  /^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: [0-9a-f-]+$/;

describe("setIpWhitelist", () => {
  it("answers 61004 naming the caller's IP, without taking effect", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    const { ticket } = await t.sandbox.pushTicket();
    t.sandbox.setIpWhitelist(["10.1.2.3"]);

    const token = await t.post(TOKEN_PATH, {
      component_appid: COMPONENT.appId,
      component_appsecret: COMPONENT.secret,
      component_verify_ticket: ticket,
    });
    const open = await t.post(OPEN, {}, { access_token: accessToken });
    const empty = await t.post(TOKEN_PATH, "");

    for (const answer of [token, open, empty]) {
      expect(answer.errcode).toBe(61004);
      expect(answer.errmsg).toMatch(REFUSAL);
    }
    expect(token.component_access_token).toBeUndefined();
    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("none");
    expect(t.sandbox.calls().slice(-3)).toEqual([
      expect.objectContaining({ injected: "ipWhitelist", issuedTokenId: null }),
      expect.objectContaining({ injected: "ipWhitelist" }),
      expect.objectContaining({ injected: "ipWhitelist", body: null }),
    ]);

    t.sandbox.setIpWhitelist(null);
    // The refused call was not counted against the quota of 1.
    expect(
      (await t.post(OPEN, {}, { access_token: accessToken })).errcode,
    ).toBe(0);
  });

  it.each([["127.0.0.1"], ["::ffff:127.0.0.1"]])(
    "lets a caller listed as %s through",
    async (ip) => {
      const t = await startTestSandbox({ ipWhitelist: ["10.1.2.3", ip] });

      const answer = await t.post(TOKEN_PATH, {});

      expect(answer.errcode).toBe(40013);
    },
  );

  it("starts from the ipWhitelist option and refuses bad lists", async () => {
    const t = await startTestSandbox({ ipWhitelist: [] });

    expect((await t.post(TOKEN_PATH, {})).errcode).toBe(61004);
    expect(() => t.sandbox.setIpWhitelist(["localhost"])).toThrow(
      /list of IP addresses/,
    );
    expect(() =>
      t.sandbox.setIpWhitelist("127.0.0.1" as unknown as string[]),
    ).toThrow(/list of IP addresses/);
  });
});

describe("callerIps", () => {
  it("shows IPv4, mapped and plain IPv6 callers as WeChat would", () => {
    expect(callerIps("192.0.2.7")).toEqual({
      ipv4: "192.0.2.7",
      ipv6: "::ffff:192.0.2.7",
    });
    expect(callerIps("::ffff:192.0.2.7")).toEqual({
      ipv4: "192.0.2.7",
      ipv6: "::ffff:192.0.2.7",
    });
    expect(callerIps("::1")).toEqual({ ipv4: "::1", ipv6: "::1" });
  });
});
