import { describe, expect, it } from "vitest";
import type { SandboxLogger } from "../../src/sandbox/sandboxLogger.ts";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import { decryptFromSpec, xmlValue } from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  componentAccessToken,
  MINUTE_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const PC = "/cgi-bin/componentloginpage";
const MOBILE = "/wxaopen/safe/bindcomponent";
const MERCHANT = "wx2323232323232323";
const REDIRECT = "http://127.0.0.1:9/authorized?state=a%20b&x=1";

async function newPreAuthCode(t: TestSandbox): Promise<string> {
  const answer = await t.post(
    "/cgi-bin/component/api_create_preauthcode",
    { component_appid: COMPONENT.appId },
    { component_access_token: await componentAccessToken(t) },
  );
  return String(answer.pre_auth_code);
}

function pageUrl(
  t: TestSandbox,
  path: string,
  params: Record<string, string | undefined>,
): URL {
  const url = new URL(path, t.baseUrl);
  if (path === MOBILE) {
    url.searchParams.set("action", "bindcomponent");
    url.searchParams.set("no_scan", "1");
  }
  const all = {
    component_appid: COMPONENT.appId,
    redirect_uri: REDIRECT,
    auth_type: "2",
    ...params,
  };
  for (const [name, value] of Object.entries(all)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

/** Opens the page as a browser would, without following the redirect. */
async function visit(url: URL) {
  const response = await fetch(url, { redirect: "manual" });
  return {
    status: response.status,
    location: response.headers.get("location"),
    text: await response.text(),
  };
}

function pushedInfoTypes(receiver: { pushes: { body: string }[] }) {
  return receiver.pushes.map((push) => {
    const encrypt = xmlValue(push.body, "Encrypt") ?? "";
    const xml = decryptFromSpec(COMPONENT.aesKey, encrypt).xml;
    return { infoType: xmlValue(xml, "InfoType"), xml };
  });
}

async function exchange(t: TestSandbox, authCode: string) {
  const answer = await t.post(
    "/cgi-bin/component/api_query_auth",
    { component_appid: COMPONENT.appId, authorization_code: authCode },
    { component_access_token: await componentAccessToken(t) },
  );
  return answer.authorization_info as Record<string, unknown>;
}

function funcIds(info: Record<string, unknown>): number[] {
  const list = info.func_info as { funcscope_category: { id: number } }[];
  return list.map((entry) => entry.funcscope_category.id);
}

describe("PC authorization page", () => {
  it("authorizes, pushes, then redirects keeping the query", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    const preAuthCode = await newPreAuthCode(t);
    t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds: [45] });

    const page = await visit(
      pageUrl(t, PC, { pre_auth_code: preAuthCode, category_id_list: "45" }),
    );

    expect(page.status).toBe(302);
    const location = page.location ?? "";
    expect(location).toMatch(
      /^http:\/\/127\.0\.0\.1:9\/authorized\?state=a%20b&x=1&auth_code=/,
    );
    const redirect = new URL(location);
    const authCode = redirect.searchParams.get("auth_code") ?? "";
    expect(authCode).toMatch(/^queryauthcode@@@/);
    expect(redirect.searchParams.get("expires_in")).toBe("600");
    // The push went out before the browser was redirected.
    const authorized = pushedInfoTypes(receiver).at(-1);
    expect(authorized?.infoType).toBe("authorized");
    expect(xmlValue(authorized?.xml ?? "", "AuthorizationCode")).toBe(authCode);
    expect(xmlValue(authorized?.xml ?? "", "PreAuthCode")).toBe(preAuthCode);
    expect(funcIds(await exchange(t, authCode))).toEqual([45]);
  });

  it("records the visit without secrets", async () => {
    const lines: string[] = [];
    const logger: SandboxLogger = {
      info: (fields, message) => lines.push(JSON.stringify(fields) + message),
      warn: (fields, message) => lines.push(JSON.stringify(fields) + message),
    };
    const t = await startTestSandbox({ logger });
    const preAuthCode = await newPreAuthCode(t);
    t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds: [45] });

    const page = await visit(pageUrl(t, PC, { pre_auth_code: preAuthCode }));

    const visits = t.sandbox.calls().filter((call) => call.kind === "page");
    expect(visits).toEqual([
      expect.objectContaining({
        path: PC,
        status: 302,
        errcode: null,
        query: {
          component_appid: COMPONENT.appId,
          redirect_uri: REDIRECT,
          auth_type: "2",
        },
      }),
    ]);
    const authCode = new URL(page.location ?? "").searchParams.get("auth_code");
    await visit(pageUrl(t, PC, { pre_auth_code: preAuthCode }));
    const seen = JSON.stringify(t.sandbox.calls()) + lines.join("\n");
    expect(lines.join("\n")).toMatch(/already used/);
    expect(seen).not.toContain(preAuthCode);
    expect(seen).not.toContain(authCode);
  });

  it("offers only category_id_list, unless told to ignore it", async () => {
    for (const ignores of [false, true]) {
      const t = await startTestSandbox({
        pcPageIgnoresCategoryIdList: ignores,
      });
      const preAuthCode = await newPreAuthCode(t);
      t.sandbox.nextMerchant({
        authorizerAppid: MERCHANT,
        funcScopeIds: [17, 18, 45],
        deselect: [18],
      });

      await visit(
        pageUrl(t, PC, { pre_auth_code: preAuthCode, category_id_list: "45" }),
      );

      expect(t.sandbox.authorizers()[0]?.funcScopeIds).toEqual(
        ignores ? [17, 45] : [45],
      );
    }
  });
});

describe("mobile authorization page", () => {
  it("grants the sets offered minus those unticked", async () => {
    const t = await startTestSandbox();
    const preAuthCode = await newPreAuthCode(t);
    t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [17, 18, 45],
      deselect: [17],
    });

    const page = await visit(
      pageUrl(t, MOBILE, {
        pre_auth_code: preAuthCode,
        category_id_list: "17|18|45",
        biz_appid: MERCHANT,
      }),
    );

    expect(page.status).toBe(302);
    const authCode = new URL(page.location ?? "").searchParams.get("auth_code");
    expect(funcIds(await exchange(t, authCode ?? ""))).toEqual([18, 45]);
    expect(t.sandbox.calls().at(-3)).toMatchObject({
      kind: "page",
      path: MOBILE,
      query: { action: "bindcomponent", no_scan: "1", biz_appid: MERCHANT },
    });
  });

  it("pushes updateauthorized when a second visit changes the sets", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });
    for (const funcScopeIds of [[17], [17, 45]]) {
      t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds });
      const preAuthCode = await newPreAuthCode(t);
      await visit(pageUrl(t, MOBILE, { pre_auth_code: preAuthCode }));
    }

    const infoTypes = pushedInfoTypes(receiver)
      .map((push) => push.infoType)
      .filter((infoType) => infoType !== "component_verify_ticket");
    expect(infoTypes).toEqual(["authorized", "updateauthorized"]);
  });
});

describe("authorization page refusals", () => {
  it.each([
    [{ component_appid: "wx0000000000000000" }, /component_appid/],
    [{ pre_auth_code: "preauthcode@@@made-up" }, /not issued/],
    [{ pre_auth_code: undefined }, /pre_auth_code is missing/],
    [{ redirect_uri: undefined }, /redirect_uri is missing/],
    [{ redirect_uri: "javascript:alert(1)" }, /redirect_uri must be/],
    [{ auth_type: "4" }, /auth_type must be/],
    [{ category_id_list: "45,17" }, /category_id_list/],
    [{ auth_type: "1" }, /does not offer/],
    [{ biz_appid: "wx0000000000000000" }, /biz_appid/],
    [{ category_id_list: "17" }, /no permission set/],
  ])("answers 400 for %o", async (params, reason) => {
    const t = await startTestSandbox();
    const preAuthCode = await newPreAuthCode(t);
    t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds: [45] });

    const page = await visit(
      pageUrl(t, PC, { pre_auth_code: preAuthCode, ...params }),
    );

    expect(page.status).toBe(400);
    expect(page.text).toMatch(reason);
    expect(t.sandbox.authorizers()).toEqual([]);
    expect(t.sandbox.calls().at(-1)).toMatchObject({
      kind: "page",
      status: 400,
    });
  });

  it("refuses a used or expired code, a missing merchant and bad mobile flags", async () => {
    const t = await startTestSandbox();
    const used = await newPreAuthCode(t);
    t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds: [45] });
    expect((await visit(pageUrl(t, PC, { pre_auth_code: used }))).status).toBe(
      302,
    );
    const fresh = await newPreAuthCode(t);
    const stale = await newPreAuthCode(t);

    const pages = [
      await visit(pageUrl(t, PC, { pre_auth_code: used })),
      await visit(pageUrl(t, PC, { pre_auth_code: fresh })),
      await visit(pageUrl(t, MOBILE, { pre_auth_code: fresh, no_scan: "0" })),
    ];
    t.advance(10 * MINUTE_MS);
    pages.push(await visit(pageUrl(t, PC, { pre_auth_code: stale })));

    expect(pages.map((page) => page.status)).toEqual([400, 400, 400, 400]);
    expect(pages[0]?.text).toMatch(/already used/);
    expect(pages[1]?.text).toMatch(/no merchant is waiting/);
    expect(pages[2]?.text).toMatch(/no_scan must be 1/);
    expect(pages[3]?.text).toMatch(/expired/);
  });

  it("uses up the merchant but not the code when refusing the account", async () => {
    const t = await startTestSandbox();
    const preAuthCode = await newPreAuthCode(t);
    t.sandbox.nextMerchant({
      authorizerAppid: MERCHANT,
      funcScopeIds: [45],
      accountType: "officialaccount",
    });
    t.sandbox.nextMerchant({ authorizerAppid: MERCHANT, funcScopeIds: [45] });

    const refused = await visit(pageUrl(t, PC, { pre_auth_code: preAuthCode }));
    const accepted = await visit(
      pageUrl(t, PC, { pre_auth_code: preAuthCode }),
    );

    expect([refused.status, accepted.status]).toEqual([400, 302]);
    expect(refused.text).toMatch(/officialaccount/);
  });

  it("escapes what it echoes", async () => {
    const t = await startTestSandbox();

    const page = await visit(
      pageUrl(t, PC, { component_appid: "<script>x</script>" }),
    );

    expect(page.status).toBe(400);
    expect(page.text).not.toContain("<script>");
  });
});
