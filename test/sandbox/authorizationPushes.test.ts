import { describe, expect, it } from "vitest";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import { decryptFromSpec, xmlValue } from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  componentAccessToken,
  MINUTE_MS,
  START_MS,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const MERCHANT = "wx9f8e7d6c5b4a3f2e";

function pushedXml(receiver: { pushes: { body: string }[] }, index: number) {
  const body = receiver.pushes[index]?.body ?? "";
  return decryptFromSpec(COMPONENT.aesKey, xmlValue(body, "Encrypt") ?? "").xml;
}

describe("authorization pushes", () => {
  it("pushes authorized with the code, pre-auth code and expiry", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    const token = await componentAccessToken(t);
    const preAuth = await t.post(
      "/cgi-bin/component/api_create_preauthcode",
      { component_appid: COMPONENT.appId },
      { component_access_token: token },
    );
    expect(preAuth.expires_in).toBe(600);

    const grant = await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45, 17],
      preAuthCode: String(preAuth.pre_auth_code),
      redirectUri: "http://127.0.0.1:3000/authorized?state=1",
    });

    expect(grant.infoType).toBe("authorized");
    expect(grant.push?.body).toBe("success");
    const xml = pushedXml(receiver, 1);
    const createTime = START_MS / 1000;
    expect(xmlValue(xml, "InfoType")).toBe("authorized");
    expect(xmlValue(xml, "AppId")).toBe(COMPONENT.appId);
    expect(xmlValue(xml, "AuthorizerAppid")).toBe(MERCHANT);
    expect(xmlValue(xml, "CreateTime")).toBe(String(createTime));
    expect(xmlValue(xml, "AuthorizationCode")).toBe(grant.authorizationCode);
    expect(xmlValue(xml, "AuthorizationCodeExpiredTime")).toBe(
      String(createTime + 3600),
    );
    expect(xmlValue(xml, "PreAuthCode")).toBe(preAuth.pre_auth_code);
    const redirect = new URL(grant.redirectUrl ?? "");
    expect(redirect.searchParams.get("auth_code")).toBe(
      grant.authorizationCode,
    );
    expect(redirect.searchParams.get("expires_in")).toBe("600");
    expect(redirect.searchParams.get("state")).toBe("1");
  });

  it("pushes updateauthorized on a changed set and nothing otherwise", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [17],
    });

    const same = await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [17],
    });
    const changed = await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [17, 45],
    });

    expect(same).toMatchObject({ infoType: null, push: null });
    expect(changed.infoType).toBe("updateauthorized");
    expect(receiver.pushes).toHaveLength(2);
    expect(xmlValue(pushedXml(receiver, 1), "InfoType")).toBe(
      "updateauthorized",
    );
  });

  it("pushes unauthorized and then authorized again", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });

    await t.sandbox.unauthorize(MERCHANT);
    const again = await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });

    const unauthorized = pushedXml(receiver, 1);
    expect(xmlValue(unauthorized, "InfoType")).toBe("unauthorized");
    expect(xmlValue(unauthorized, "AuthorizerAppid")).toBe(MERCHANT);
    expect(unauthorized).not.toContain("AuthorizationCode");
    expect(again.infoType).toBe("authorized");
    await expect(t.sandbox.unauthorize("wx0000000000000000")).rejects.toThrow(
      /not currently authorized/,
    );
  });

  it("refuses a used, unknown or expired pre-auth code", async () => {
    const t = await startTestSandbox();
    const token = await componentAccessToken(t);
    const preAuth = async () =>
      String(
        (
          await t.post(
            "/cgi-bin/component/api_create_preauthcode",
            { component_appid: COMPONENT.appId },
            { component_access_token: token },
          )
        ).pre_auth_code,
      );
    const used = await preAuth();
    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      preAuthCode: used,
    });
    const stale = await preAuth();
    t.advance(10 * MINUTE_MS);

    for (const preAuthCode of [used, "preauthcode@@@x", stale]) {
      await expect(
        t.sandbox.authorize({
          authorizerAppid: MERCHANT,
          funcScopeIds: [45],
          preAuthCode,
        }),
      ).rejects.toThrow(/pre-auth code/);
    }
  });
});
