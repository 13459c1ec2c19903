import { randomRid } from "./randomValues.ts";

// A type alias, not an interface, so it fits where a JSON record is expected.
export type ApiErrorAnswer = { errcode: number; errmsg: string };

// Paraphrases of WeChat's meanings; clients must act on errcode, never on
// the wording.
const ERRMSG: Record<number, string> = {
  [-1]: "system busy, try again later",
  0: "ok",
  40001: "access token invalid or not the latest",
  40013: "invalid appid",
  40097: "invalid argument",
  40125: "invalid appsecret",
  41001: "access token missing",
  41004: "appsecret missing",
  42001: "access token expired",
  44002: "empty post data",
  45009: "daily api call limit reached",
  45011: "api calls too frequent",
  47001: "data format error",
  48001: "api unauthorized",
  61003: "component is not authorized by this account",
  61004: "caller ip not in the whitelist",
  61005: "component verify ticket expired",
  61006: "component verify ticket invalid",
  61007: "api is unauthorized to component",
  61009: "authorization code invalid",
  61010: "authorization code expired",
  61011: "invalid component",
  61023: "refresh token invalid",
  933000: "mini program category not eligible",
  933001: "serious violations in the past 90 days",
  933002: "no payment in the past 90 days",
  933003: "query component already open",
  933004: "not called by a third-party platform",
};

/** A WeChat error body; `hint` must never carry a secret. */
export function apiError(errcode: number, hint?: string): ApiErrorAnswer {
  const meaning = ERRMSG[errcode] ?? "sandbox scripted error";
  const detail = hint === undefined ? "" : ` (${hint})`;

  return { errcode, errmsg: `${meaning}${detail} rid: ${randomRid()}` };
}

/** What a call that went through answers when WeChat sends only errcode. */
export function apiOk(): ApiErrorAnswer {
  return { errcode: 0, errmsg: "ok" };
}
