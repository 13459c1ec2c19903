import type { QueryPluginOutcome } from "../src/publish/events.ts";
import { isServiceError } from "../src/errors.ts";
import { isWeChatError } from "../src/wechat/wechatError.ts";

/**
 * What an applyQueryPlugin failure means for the merchant, or undefined if
 * it is worth trying again later (busy, quota, a store hiccup).
 */
export function outcomeOfError(error: unknown): QueryPluginOutcome | undefined {
  if (isWeChatError(error)) {
    switch (error.errcode) {
      case 933003:
        return "already_open";
      case 933000:
      case 933001:
      case 933002:
        return "not_eligible";
      case 933004:
        return "configuration_error";
    }
    return error.retriable ? undefined : "failed";
  }
  if (isServiceError(error) && !error.retriable) return "failed";
  return undefined;
}
