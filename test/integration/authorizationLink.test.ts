import { afterEach, expect, it } from "vitest";

import { buildPush, postPush } from "../support/buildPush.ts";
import { freePort } from "../support/freePort.ts";
import { untilQueryPluginState } from "../support/stackQueries.ts";
import { credentials } from "../support/testConfig.ts";
import {
  queryPluginCalls,
  startStack,
  type Stack,
} from "../support/startStack.ts";
import { waitFor } from "../support/waitFor.ts";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** A stack whose service knows its public URL and WeChat's pages are the sandbox's. */
async function linkStack() {
  const port = await freePort();
  const stack = await startStack("embedded", "sqlite", {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    AUTHORIZE_CATEGORY_IDS: "17|45",
  });
  // The page URLs point at the sandbox, like WECHAT_API_BASE_URL.
  return stack;
}

/** Follows redirects by hand, as a browser would, and returns each hop. */
async function browse(url: string, userAgent = "Mozilla/5.0 Chrome/120") {
  const hops: Array<{ url: string; status: number; body: string }> = [];
  let next: string | undefined = url;
  while (next && hops.length < 5) {
    const response: Response = await fetch(next, {
      redirect: "manual",
      headers: { "user-agent": userAgent },
    });
    hops.push({
      url: next,
      status: response.status,
      body: await response.text(),
    });
    const location = response.headers.get("location");
    next = location ? new URL(location, next).toString() : undefined;
  }
  return hops;
}

it("sends the merchant to WeChat's page and exchanges the code once, redirect first", async () => {
  stack = await linkStack();
  await stack.sandbox.pushTicket();
  const appId = "wxlinklinklinkaaa1";
  const merchant = stack.sandbox.nextMerchant({
    authorizerAppid: appId,
    funcScopeIds: [17, 45],
    push: "hold",
  });

  const hops = await browse(`${stack.service.url}/wechat/component/authorize`);

  expect(hops.map((hop) => hop.status)).toEqual([302, 302, 200]);
  const page = new URL(hops[1]!.url);
  expect(page.pathname).toBe("/cgi-bin/componentloginpage");
  expect(page.searchParams.get("auth_type")).toBe("2");
  expect(page.searchParams.get("category_id_list")).toBe("17|45");
  expect(hops[2]!.body).toContain(appId);
  expect(hops[2]!.body).toContain("accept it within");
  await waitFor(
    async () => queryPluginCalls(stack!.sandbox).length === 1,
    "the application",
  );

  // The push arrives after the browser: the code is not exchanged again.
  expect((await merchant.releaseHeldPush())?.body).toBe("success");
  await waitFor(async () => {
    const rows = await stack!.service.db.query(
      "SELECT 1 FROM processed_message WHERE consumer = 'authorization'",
    );
    return rows.length === 1;
  }, "the push to be handled");
  const exchanges = stack.sandbox
    .calls()
    .filter((call) => call.path.endsWith("/api_query_auth"));
  expect(exchanges).toHaveLength(1);
  expect(queryPluginCalls(stack.sandbox)).toHaveLength(1);
});

it("uses the mobile page inside WeChat and tells a merchant who deselected set 45", async () => {
  stack = await linkStack();
  await stack.sandbox.pushTicket();
  const appId = "wxlinklinklinkbbb2";
  stack.sandbox.nextMerchant({
    authorizerAppid: appId,
    funcScopeIds: [17, 45],
    deselect: [45],
  });

  const hops = await browse(
    `${stack.service.url}/wechat/component/authorize`,
    "Mozilla/5.0 (iPhone) MicroMessenger/8.0.50",
  );

  expect(new URL(hops[1]!.url).pathname).toBe("/wxaopen/safe/bindcomponent");
  expect(hops.at(-1)!.status).toBe(200);
  expect(hops.at(-1)!.body).toContain("was not granted");
  // The push came first here; the page still shows what func_info said.
  const exchanges = stack.sandbox
    .calls()
    .filter((call) => call.path.endsWith("/api_query_auth"));
  expect(exchanges).toHaveLength(1);
  expect(queryPluginCalls(stack.sandbox)).toHaveLength(0);
});

it("spends no WeChat call on a return without our signed state", async () => {
  stack = await linkStack();
  await stack.sandbox.pushTicket();

  const [hop] = await browse(
    `${stack.service.url}/wechat/component/authorized?auth_code=queryauthcode@@@forged&state=1.abc`,
  );

  expect(hop!.status).toBe(400);
  expect(hop!.body).toContain("not valid");
  expect(
    stack.sandbox
      .calls()
      .filter((call) => call.path.endsWith("/api_query_auth")),
  ).toEqual([]);
});

it("shows a plain page for a code WeChat does not know", async () => {
  stack = await linkStack();
  await stack.sandbox.pushTicket();
  const [hop] = await browse(`${stack.service.url}/wechat/component/authorize`);
  const redirectUri = new URL(
    hop!.body.split("Redirecting to ")[1]!.trim(),
  ).searchParams.get("redirect_uri")!;

  const [back] = await browse(
    `${redirectUri}&auth_code=queryauthcode@@@forged`,
  );

  expect(back!.status).toBe(400);
  expect(back!.body).toContain("expired");
});

it("lets a revocation through even when WeChat's clock is behind ours", async () => {
  stack = await linkStack();
  await stack.sandbox.pushTicket();
  const appId = "wxlinkskewskewsk01";
  stack.sandbox.nextMerchant({
    authorizerAppid: appId,
    funcScopeIds: [45],
    push: "hold",
  });
  await browse(`${stack.service.url}/wechat/component/authorize`);
  await untilQueryPluginState(stack, appId, "applied");

  const lateClock = Math.floor(stack.sandbox.nowMs() / 1000) - 20;
  const revoke = buildPush(
    credentials,
    `<xml><AppId>${credentials.appId}</AppId><CreateTime>${lateClock}</CreateTime>` +
      `<InfoType>unauthorized</InfoType><AuthorizerAppid>${appId}</AuthorizerAppid></xml>`,
    { timestamp: Math.floor(stack.sandbox.nowMs() / 1000) },
  );
  expect((await postPush(stack.service.url, revoke)).body).toBe("success");

  await untilQueryPluginState(stack, appId, "withdrawn");
});
