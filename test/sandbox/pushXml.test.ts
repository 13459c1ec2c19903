import { describe, expect, it } from "vitest";
import {
  buildOtherPushXml,
  buildPushXml,
  fastRegisterFields,
} from "../../src/sandbox/pushXml.ts";

const APP = "wx1a2b3c4d5e6f7a8b";

describe("buildPushXml", () => {
  it("writes a ticket push with CDATA text and a bare CreateTime", () => {
    const xml = buildPushXml({
      infoType: "component_verify_ticket",
      componentAppId: APP,
      createTime: 1413192605,
      componentVerifyTicket: "ticket@@@abc",
    });

    expect(xml).toBe(
      `<xml><AppId><![CDATA[${APP}]]></AppId>` +
        "<CreateTime>1413192605</CreateTime>" +
        "<InfoType><![CDATA[component_verify_ticket]]></InfoType>" +
        "<ComponentVerifyTicket><![CDATA[ticket@@@abc]]></ComponentVerifyTicket>" +
        "</xml>",
    );
  });

  it.each(["authorized", "updateauthorized"] as const)(
    "writes an %s push with an absolute code expiry",
    (infoType) => {
      const xml = buildPushXml({
        infoType,
        componentAppId: APP,
        createTime: 1700000000,
        authorizerAppid: "wxaaaaaaaaaaaaaaaa",
        authorizationCode: "queryauthcode@@@c",
        authorizationCodeExpiredTime: 1700003600,
        preAuthCode: "preauthcode@@@p",
      });

      expect(xml).toContain(`<InfoType><![CDATA[${infoType}]]></InfoType>`);
      expect(xml).toContain(
        "<AuthorizerAppid><![CDATA[wxaaaaaaaaaaaaaaaa]]></AuthorizerAppid>" +
          "<AuthorizationCode><![CDATA[queryauthcode@@@c]]></AuthorizationCode>" +
          "<AuthorizationCodeExpiredTime>1700003600</AuthorizationCodeExpiredTime>" +
          "<PreAuthCode><![CDATA[preauthcode@@@p]]></PreAuthCode></xml>",
      );
    },
  );

  it("writes an unauthorized push with the authorizer only", () => {
    const xml = buildPushXml({
      infoType: "unauthorized",
      componentAppId: APP,
      createTime: 1700000000,
      authorizerAppid: "wxaaaaaaaaaaaaaaaa",
    });

    expect(xml).toMatch(/<InfoType><!\[CDATA\[unauthorized\]\]><\/InfoType>/);
    expect(xml).toMatch(/<AuthorizerAppid>.*<\/AuthorizerAppid><\/xml>$/);
    expect(xml).not.toContain("AuthorizationCode");
  });

  it("writes other InfoTypes with lower-case nested elements", () => {
    const xml = buildOtherPushXml(
      APP,
      1700000000,
      "notify_third_fasteregister",
      fastRegisterFields("wxbbbbbbbbbbbbbbbb"),
    );

    expect(xml).toContain(
      "<InfoType><![CDATA[notify_third_fasteregister]]></InfoType>" +
        "<appid><![CDATA[wxbbbbbbbbbbbbbbbb]]></appid><status>0</status>",
    );
    expect(xml).toContain("<info><name><![CDATA[");
    expect(xml).toContain("<code_type>1</code_type>");
  });

  it('keeps a "]]>" inside a value from closing the CDATA early', () => {
    const xml = buildOtherPushXml(APP, 1, "x", { note: "a]]>b" });

    expect(xml).toContain("<note><![CDATA[a]]]]><![CDATA[>b]]></note>");
  });

  it("refuses element names XML cannot carry", () => {
    expect(() => buildOtherPushXml(APP, 1, "x", { "bad name": 1 })).toThrow();
  });
});
