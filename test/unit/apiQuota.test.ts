import { describe, expect, it } from "vitest";

import { nextQuotaDayMs, quotaDay } from "../../src/store/apiQuota.ts";

describe("quota days (midnight China time, UTC+8)", () => {
  it("turns the day at 16:00 UTC", () => {
    expect(quotaDay(Date.parse("2026-12-04T15:59:59Z"))).toBe("2026-12-04");
    expect(quotaDay(Date.parse("2026-12-04T16:00:00Z"))).toBe("2026-12-05");
  });

  it("finds the next midnight in Beijing", () => {
    expect(
      new Date(
        nextQuotaDayMs(Date.parse("2026-12-04T10:00:00Z")),
      ).toISOString(),
    ).toBe("2026-12-04T16:00:00.000Z");
    expect(
      new Date(
        nextQuotaDayMs(Date.parse("2026-12-04T16:00:00Z")),
      ).toISOString(),
    ).toBe("2026-12-05T16:00:00.000Z");
  });
});
