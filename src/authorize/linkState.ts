import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a merchant may take on WeChat's page before coming back. */
const MAX_AGE_MS = 3600_000;

/**
 * The `state` our redirect URI carries: when the link was issued, and an
 * HMAC of that under the app secret. Only a merchant who went through our
 * link comes back with a valid one, so a stranger cannot make the service
 * spend api_query_auth calls on made-up codes.
 */
export function signLinkState(appSecret: string, nowMs: number): string {
  const issuedAt = String(Math.floor(nowMs / 1000));
  return `${issuedAt}.${mac(appSecret, issuedAt)}`;
}

export function isValidLinkState(
  appSecret: string,
  state: unknown,
  nowMs: number,
): boolean {
  if (typeof state !== "string" || !/^\d{1,12}\.[0-9a-f]{32}$/.test(state)) {
    return false;
  }
  const [issuedAt, given] = state.split(".") as [string, string];
  const ageMs = nowMs - Number(issuedAt) * 1000;
  const expected = Buffer.from(mac(appSecret, issuedAt));

  return (
    ageMs >= -60_000 &&
    ageMs <= MAX_AGE_MS &&
    timingSafeEqual(expected, Buffer.from(given))
  );
}

function mac(appSecret: string, issuedAt: string): string {
  return createHmac("sha256", appSecret)
    .update(`authorization-link:${issuedAt}`)
    .digest("hex")
    .slice(0, 32);
}
