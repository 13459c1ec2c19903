import { describe, expect, it } from "vitest";

import { backoffDelayMs } from "../../src/wechat/backoff.ts";
import { classifyErrcode } from "../../src/wechat/errcodes.ts";
import { WeChatError } from "../../src/wechat/wechatError.ts";

describe("classifyErrcode", () => {
  it.each([
    [-1, "transient"],
    [40001, "token"],
    [40014, "token"],
    [42001, "token"],
    [45009, "quota"],
    [45011, "quota"],
    [61004, "configuration"],
    [40125, "configuration"],
    [61023, "permanent"],
    [933000, "permanent"],
  ])("classifies %i as %s", (errcode, expected) => {
    expect(classifyErrcode(errcode)).toBe(expected);
  });
});

describe("WeChatError", () => {
  it("keeps WeChat's errmsg and says what to do about 61004", () => {
    const error = new WeChatError(
      "/cgi-bin/component/api_component_token",
      61004,
      "invalid ip 203.0.113.7, not in whitelist",
    );

    expect(error.errmsg).toContain("203.0.113.7");
    expect(error.message).toContain("203.0.113.7");
    expect(error.message).toMatch(/whitelist/i);
    // Retried slowly: once the IP is whitelisted, the work goes through.
    expect(error.retriable).toBe(true);
  });

  it("marks quota and token errcodes retriable, permanent ones not", () => {
    expect(new WeChatError("x", 45009, "").retriable).toBe(true);
    expect(new WeChatError("x", 40001, "").retriable).toBe(true);
    expect(new WeChatError("x", 61023, "").retriable).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };

  it("doubles the ceiling per attempt up to the bound", () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelayMs(policy, attempt, () => 1),
    );

    expect(ceilings).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("jitters below the ceiling", () => {
    expect(backoffDelayMs(policy, 3, () => 0.25)).toBe(100);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});
