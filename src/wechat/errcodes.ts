/**
 * Every WeChat errcode the service meets, classified once. Callers decide
 * nothing about retries themselves; the client reads this table.
 */
export type ErrcodeClass =
  /** The token was invalid, not the latest, or expired: refresh once. */
  | "token"
  /** WeChat was busy: retry with backoff. */
  | "transient"
  /** The ticket expired or is invalid (61005/61006): wait for a push. */
  | "ticket"
  /** Daily quota or rate limit: defer, never loop. */
  | "quota"
  /**
   * Our own setup is wrong (secret, appid, IP whitelist): retried slowly,
   * so the work goes through once an operator fixes it.
   */
  | "configuration"
  /** Retrying cannot help; the merchant must act, or nobody can. */
  | "permanent";

const classes: Record<number, ErrcodeClass> = {
  [-1]: "transient",
  40001: "token",
  40014: "token",
  42001: "token",
  45009: "quota",
  45011: "quota",
  61005: "ticket",
  61006: "ticket",
  40013: "configuration",
  40125: "configuration",
  41004: "configuration",
  61004: "configuration",
  61011: "configuration",
};

export function classifyErrcode(errcode: number): ErrcodeClass {
  return classes[errcode] ?? "permanent";
}

/** What an operator should do about an errcode, where WeChat's text is thin. */
const advice: Record<number, string> = {
  40013: "WECHAT_COMPONENT_APPID is not a valid appid",
  40125: "WECHAT_COMPONENT_APPSECRET is wrong",
  41004: "WECHAT_COMPONENT_APPSECRET is missing",
  45009: "the daily quota is used up; it resets at midnight China time",
  48001: "the account has not been granted this API",
  61003: "this account has not authorized the platform",
  61004:
    "the caller's IP (named in errmsg) must be added to the platform's " +
    "IP whitelist on the Open Platform page",
  61005: "the component_verify_ticket expired; wait for the next push",
  61006: "the component_verify_ticket is invalid; wait for the next push",
  61007: "the permission set this API needs is not granted to the platform",
  61009: "the authorization code is invalid; the merchant must authorize again",
  61010: "the authorization code expired; the merchant must authorize again",
  61011: "the platform (component) is invalid",
  61023: "the refresh token is invalid; the merchant must authorize again",
};

export function adviceFor(errcode: number): string | undefined {
  return advice[errcode];
}
