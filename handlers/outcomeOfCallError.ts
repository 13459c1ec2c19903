import { isServiceError } from "../src/errors.ts";
import type { HandlerDeps } from "../src/handle/handler.ts";
import { exhaustQuota, nextQuotaDayMs } from "../src/store/apiQuota.ts";
import { QUERY_PLUGIN_API } from "../src/wechat/componentApi.ts";
import { isWeChatError } from "../src/wechat/wechatError.ts";
import { deferred, type Change } from "./finishApplication.ts";

/** 45011 means "too often": try again in a minute, not tomorrow. */
const TOO_FREQUENT_PAUSE_MS = 60_000;

/**
 * What a failed applyQueryPlugin call means. Quota answers defer the call;
 * 933xxx and other permanent errcodes end in a state; anything else (busy
 * beyond the client's retries, a store hiccup) is thrown to be retried.
 */
export async function outcomeOfCallError(
  deps: HandlerDeps,
  error: unknown,
): Promise<Change> {
  const nowMs = deps.now();
  if (isWeChatError(error, 45011)) {
    return deferred(nowMs + TOO_FREQUENT_PAUSE_MS);
  }
  if (isWeChatError(error, 45009)) {
    await exhaustQuota(
      deps.db,
      QUERY_PLUGIN_API,
      deps.queryPlugin.dailyQuota,
      nowMs,
    );
    return deferred(nextQuotaDayMs(nowMs));
  }
  if (isServiceError(error) && error.code === "WECHAT_QUOTA") {
    return deferred(nextQuotaDayMs(nowMs));
  }
  if (!isWeChatError(error)) {
    if (!isServiceError(error) || error.retriable) throw error;
    const errmsg = error.message;
    return {
      state: "failed",
      outcome: "failed",
      errcode: null,
      errmsg,
      nextActionAtMs: null,
    };
  }
  if (error.retriable) throw error;

  const answered = { errcode: error.errcode, errmsg: error.errmsg };
  switch (error.errcode) {
    case 933003:
      return {
        ...answered,
        state: "open",
        outcome: "already_open",
        nextActionAtMs: null,
      };
    case 933000:
    case 933001:
    case 933002:
      return {
        ...answered,
        state: "not_eligible",
        outcome: "not_eligible",
        nextActionAtMs: nowMs + deps.queryPlugin.notEligibleRetryMs,
      };
    case 933004:
      return {
        ...answered,
        state: "configuration_error",
        outcome: "configuration_error",
        nextActionAtMs: null,
      };
    default:
      return {
        ...answered,
        state: "failed",
        outcome: "failed",
        nextActionAtMs: null,
      };
  }
}
