import { describe, expect, it } from "vitest";
import {
  authorizeAndExchange,
  COMPONENT,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const MERCHANT = "wx6666666666666666";

/** POSTs without the helper's checks: a dropped call must reject. */
function rawPost(t: TestSandbox, path: string, accessToken: string) {
  const url = new URL(path, t.baseUrl);
  url.searchParams.set("access_token", accessToken);
  return fetch(url, { method: "POST", body: "{}" });
}

async function timed<T>(work: () => Promise<T>) {
  const startedMs = performance.now();
  const value = await work();
  return { value, elapsedMs: performance.now() - startedMs };
}

describe("scriptDelay", () => {
  it("holds the next answers back, in real time, then answers fast", async () => {
    const t = await startTestSandbox();
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.scriptDelay("open_query_plugin", 300, 2);
    const open = () => t.post(OPEN, {}, { access_token: accessToken });

    const slow = await Promise.all([timed(open), timed(open)]);
    const fast = await timed(open);

    for (const call of slow) {
      expect(call.elapsedMs).toBeGreaterThanOrEqual(290);
      expect(call.value.errcode).toBe(0);
    }
    expect(fast.elapsedMs).toBeLessThan(250);
    const calls = t.sandbox.calls().filter((call) => call.path === OPEN);
    expect(calls.map((call) => call.delayMs)).toEqual([300, 300, null]);
  });

  it("takes effect on arrival, even when the caller gives up", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.scriptDelay(OPEN, 2_000);

    const url = new URL(OPEN, t.baseUrl);
    url.searchParams.set("access_token", accessToken);
    const givenUp = fetch(url, {
      method: "POST",
      body: "{}",
      signal: AbortSignal.timeout(100),
    });

    await expect(givenUp).rejects.toThrow();
    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("pending");
    const retry = await t.post(OPEN, {}, { access_token: accessToken });
    expect(retry.errcode).toBe(45009);
  });
});

describe("scriptDrop", () => {
  it("destroys the socket before the call takes effect", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.scriptDrop(OPEN, 2);

    await expect(rawPost(t, OPEN, accessToken)).rejects.toThrow();
    await expect(rawPost(t, OPEN, accessToken)).rejects.toThrow();

    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("none");
    const dropped = t.sandbox.calls().filter((call) => call.path === OPEN);
    expect(dropped).toEqual([
      expect.objectContaining({
        dropped: "beforeEffect",
        errcode: null,
        status: null,
      }),
      expect.objectContaining({ dropped: "beforeEffect" }),
    ]);
    // The quota of 1 is still unused: the dropped calls were not counted.
    const third = await t.post(OPEN, {}, { access_token: accessToken });
    expect(third.errcode).toBe(0);
  });

  it("issues no token on a dropped api_component_token", async () => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();
    t.sandbox.scriptDrop("api_component_token");
    const body = JSON.stringify({
      component_appid: COMPONENT.appId,
      component_appsecret: COMPONENT.secret,
      component_verify_ticket: ticket,
    });

    const dropped = fetch(new URL(TOKEN_PATH, t.baseUrl), {
      method: "POST",
      body,
    });

    await expect(dropped).rejects.toThrow();
    expect(t.sandbox.calls()[0]).toMatchObject({
      issuedTokenId: null,
      body: { component_appsecret: "[redacted]" },
    });
    const next = await t.post(TOKEN_PATH, body);
    expect(t.sandbox.calls()[1]?.issuedTokenId).toBe(
      "component_access_token#1",
    );
    expect(next.expires_in).toBe(7200);
  });
});

describe("scriptDropAfterEffect", () => {
  it("applies and counts the call, then destroys the socket", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.scriptDropAfterEffect("open_query_plugin");

    await expect(rawPost(t, OPEN, accessToken)).rejects.toThrow();

    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("pending");
    expect(t.sandbox.calls().at(-1)).toMatchObject({
      path: OPEN,
      errcode: 0,
      status: null,
      dropped: "afterEffect",
    });
    const retry = await t.post(OPEN, {}, { access_token: accessToken });
    expect(retry.errcode).toBe(45009);
  });
});

describe("network fault queue", () => {
  it("gives each call the next fault in the order scripted", async () => {
    const t = await startTestSandbox();
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.scriptDrop(OPEN);
    t.sandbox.scriptDelay(OPEN, 50);
    t.sandbox.scriptDropAfterEffect(OPEN);

    const outcomes = [];
    for (let i = 0; i < 4; i += 1) {
      outcomes.push(
        await rawPost(t, OPEN, accessToken).then(
          (response) => response.status,
          () => "dropped",
        ),
      );
    }

    expect(outcomes).toEqual(["dropped", 200, "dropped", 200]);
    const calls = t.sandbox.calls().filter((call) => call.path === OPEN);
    expect(calls.map((call) => [call.dropped, call.delayMs])).toEqual([
      ["beforeEffect", null],
      [null, 50],
      ["afterEffect", null],
      [null, null],
    ]);
  });

  it("refuses unknown paths and bad counts or delays", async () => {
    const t = await startTestSandbox();

    expect(() => t.sandbox.scriptDrop("api_nope")).toThrow(/not a sandbox/);
    expect(() => t.sandbox.scriptDrop(OPEN, 0)).toThrow(/times/);
    expect(() => t.sandbox.scriptDropAfterEffect(OPEN, 1.5)).toThrow(/times/);
    expect(() => t.sandbox.scriptDelay(OPEN, -1)).toThrow(/delayMs/);
    expect(() => t.sandbox.scriptDelay(OPEN, Number.NaN)).toThrow(/delayMs/);
  });

  it("stops with delayed answers still pending", async () => {
    const t = await startTestSandbox();
    t.sandbox.scriptDelay(TOKEN_PATH, 60_000);
    const pending = fetch(new URL(TOKEN_PATH, t.baseUrl), {
      method: "POST",
      body: "{}",
    });
    await expect.poll(() => t.sandbox.calls().length).toBe(1);

    await t.sandbox.stop();

    await expect(pending).rejects.toThrow();
  });
});
