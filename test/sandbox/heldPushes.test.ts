import { describe, expect, it } from "vitest";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import { decryptFromSpec, xmlValue } from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  componentAccessToken,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const MERCHANT = "wx3434343434343434";

function infoTypes(receiver: { pushes: { body: string }[] }) {
  return receiver.pushes
    .map((push) => {
      const encrypt = xmlValue(push.body, "Encrypt") ?? "";
      const xml = decryptFromSpec(COMPONENT.aesKey, encrypt).xml;
      return xmlValue(xml, "InfoType");
    })
    .filter((infoType) => infoType !== "component_verify_ticket");
}

async function visitPage(t: TestSandbox): Promise<Response> {
  const preAuth = await t.post(
    "/cgi-bin/component/api_create_preauthcode",
    { component_appid: COMPONENT.appId },
    { component_access_token: await componentAccessToken(t) },
  );
  const url = new URL("/cgi-bin/componentloginpage", t.baseUrl);
  url.searchParams.set("component_appid", COMPONENT.appId);
  url.searchParams.set("pre_auth_code", String(preAuth.pre_auth_code));
  url.searchParams.set("redirect_uri", "http://127.0.0.1:9/back");
  url.searchParams.set("auth_type", "3");
  return fetch(url, { redirect: "manual" });
}

async function openPage(t: TestSandbox): Promise<URL> {
  const response = await visitPage(t);
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

describe("held pushes", () => {
  it("lets the browser redirect arrive before the push", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    const merchant = t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      push: "hold",
    });
    await expect(merchant.releaseHeldPush()).rejects.toThrow(/not confirmed/);

    const redirect = await openPage(t);

    expect(infoTypes(receiver)).toEqual([]);
    const answer = await t.post(
      "/cgi-bin/component/api_query_auth",
      {
        component_appid: COMPONENT.appId,
        authorization_code: redirect.searchParams.get("auth_code"),
      },
      { component_access_token: await componentAccessToken(t) },
    );
    expect(answer.authorization_info).toBeDefined();
    const push = await merchant.releaseHeldPush();
    expect(push?.body).toBe("success");
    expect(infoTypes(receiver)).toEqual(["authorized"]);
    await expect(merchant.releaseHeldPush()).rejects.toThrow(/already/);
  });

  it("holds authorize()'s push until releaseHeldPush(id)", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });

    const grant = await t.sandbox.authorize(
      { authorizerAppid: MERCHANT, funcScopeIds: [45] },
      { hold: true, twice: true },
    );

    expect(grant).toMatchObject({ infoType: "authorized", push: null });
    expect(t.sandbox.authorizers()[0]?.authorized).toBe(true);
    expect(receiver.pushes).toHaveLength(0);
    const push = await t.sandbox.releaseHeldPush(grant.heldPushId ?? "");
    expect(push?.deliveries).toBe(2);
    expect(infoTypes(receiver)).toEqual(["authorized", "authorized"]);
    await expect(t.sandbox.releaseHeldPush("held-push#99")).rejects.toThrow(
      /no held push/,
    );
  });

  it("holds nothing when the grant changes no set", async () => {
    const t = await startTestSandbox();
    await t.sandbox.authorize({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });

    const same = await t.sandbox.authorize(
      { authorizerAppid: MERCHANT, funcScopeIds: [45] },
      "hold",
    );
    const merchant = t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      push: "hold",
    });
    await openPage(t);

    expect(same.heldPushId).toBeNull();
    expect(await merchant.releaseHeldPush()).toBeNull();
  });

  it("says why when the page refused the merchant", async () => {
    const t = await startTestSandbox();
    const merchant = t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      deselect: [45],
      push: "hold",
    });
    const notHeld = t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
    });

    expect((await visitPage(t)).status).toBe(400);

    await expect(merchant.releaseHeldPush()).rejects.toThrow(
      /refused the merchant/,
    );
    await expect(notHeld.releaseHeldPush()).rejects.toThrow(/not held/);
  });

  it("checks nextMerchant()'s input", async () => {
    const t = await startTestSandbox();

    expect(() =>
      t.sandbox.nextMerchant({ authorizerAppid: "", funcScopeIds: [45] }),
    ).toThrow(/authorizerAppid/);
    expect(() =>
      t.sandbox.nextMerchant({
        authorizerAppid: MERCHANT,
        funcScopeIds: [45],
        deselect: ["45"] as unknown as number[],
      }),
    ).toThrow(/deselect/);
  });
});
