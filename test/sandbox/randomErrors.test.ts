import { describe, expect, it } from "vitest";
import {
  authorizeAndExchange,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const OPEN = "/cgi-bin/express/delivery/open_msg/open_query_plugin";
const MERCHANT = "wx1212121212121212";

async function errcodes(t: TestSandbox, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) {
    seen.push((await t.post(TOKEN_PATH, {})).errcode ?? 0);
  }
  return seen;
}

describe("randomErrors", () => {
  it("fails the same calls for the same seed", async () => {
    const a = await startTestSandbox();
    const b = await startTestSandbox();
    a.sandbox.randomErrors({ rate: 0.5, seed: 42 });
    b.sandbox.randomErrors({ rate: 0.5, seed: 42 });

    const fromA = await errcodes(a, 30);
    const fromB = await errcodes(b, 30);

    expect(fromA).toEqual(fromB);
    // 40013: the empty body got through to the appid check.
    expect(new Set(fromA)).toEqual(new Set([-1, 40013]));
    expect(
      a.sandbox.calls().filter((call) => call.injected === "randomErrors"),
    ).toHaveLength(fromA.filter((errcode) => errcode === -1).length);
  });

  it("fails only the path given, before the call takes effect", async () => {
    const t = await startTestSandbox({ queryPluginDailyQuota: 1 });
    const { accessToken } = await authorizeAndExchange(t, MERCHANT);
    t.sandbox.randomErrors({
      path: "open_query_plugin",
      rate: 1,
      errcode: 45011,
    });

    const failed = await t.post(OPEN, {}, { access_token: accessToken });
    const other = await t.post(TOKEN_PATH, {});

    expect(failed.errcode).toBe(45011);
    expect(other.errcode).toBe(40013);
    expect(t.sandbox.authorizers()[0]?.queryPlugin.state).toBe("none");
    t.sandbox.randomErrors(null);
    // The quota of 1 is untouched by the failed call.
    const after = await t.post(OPEN, {}, { access_token: accessToken });
    expect(after.errcode).toBe(0);
  });

  it("answers rate 0 normally and refuses bad settings", async () => {
    const t = await startTestSandbox();
    t.sandbox.randomErrors({ rate: 0 });

    expect(await errcodes(t, 3)).toEqual([40013, 40013, 40013]);
    for (const bad of [
      { rate: 1.5 },
      { rate: Number.NaN },
      { rate: 0.5, errcode: 0 },
      { rate: 0.5, seed: 1.5 },
      { rate: 0.5, path: "api_nope" },
    ]) {
      expect(() => t.sandbox.randomErrors(bad)).toThrow();
    }
  });
});
