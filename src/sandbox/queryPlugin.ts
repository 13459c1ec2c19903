import { AUTHORIZER_TOKEN, type ApiDefinition } from "./apiDefinition.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { AuthorizerRecord } from "./sandboxRecords.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import { apiError, apiOk } from "./wechatErrors.ts";

const LOGISTICS_SET_ID = 45;
// The Mini Program's admin has 24 hours to accept; then the application lapses.
const ACCEPT_WINDOW_MS = 24 * 60 * 60 * 1000;
const SCRIPTABLE_ERRCODES = [-1, 933000, 933001, 933002, 933003, 933004];

/** Lets a lapsed application fall back to "none" before it is looked at. */
function currentState(record: AuthorizerRecord, nowMs: number) {
  const plugin = record.queryPlugin;
  const lapsed =
    plugin.state === "pending" &&
    plugin.appliedAtMs !== null &&
    nowMs - plugin.appliedAtMs >= ACCEPT_WINDOW_MS;
  if (lapsed) {
    plugin.state = "none";
    plugin.appliedAtMs = null;
  }

  return plugin;
}

export const openQueryPluginApi: ApiDefinition = {
  path: "/cgi-bin/express/delivery/open_msg/open_query_plugin",
  token: AUTHORIZER_TOKEN,
  answer({ token }, context) {
    const record = context.authorizers.get(token?.ownerAppId ?? "");
    if (record === undefined || !record.authorized) {
      return apiError(61003, "the account has not authorized the platform");
    }
    const quotaKey =
      context.config.queryPluginQuotaScope === "component"
        ? context.config.componentAppId
        : record.authorizerAppid;
    if (!context.queryPluginQuota.take(quotaKey)) {
      return apiError(45009, "the quota resets at midnight UTC+8");
    }
    if (!record.funcScopeIds.includes(LOGISTICS_SET_ID)) {
      return apiError(61007, "permission set 45 is not granted");
    }

    const plugin = currentState(record, context.clock.nowMs());
    if (plugin.scriptedErrcode !== null)
      return apiError(plugin.scriptedErrcode);
    if (plugin.state === "open") return apiError(933003);
    // Assumed: a repeat call while the admin has not answered yet answers 0
    // again and does not restart the 24-hour window.
    if (plugin.state === "none") {
      plugin.state = "pending";
      plugin.appliedAtMs = context.clock.nowMs();
    }
    return apiOk();
  },
};

function findAuthorizer(context: SandboxContext, authorizerAppid: string) {
  const record = context.authorizers.get(authorizerAppid);
  if (record === undefined) {
    throw new SandboxScriptError(
      `${authorizerAppid} has never authorized; call authorize() first`,
    );
  }

  return record;
}

/** The admin accepts the application made by an earlier call answering 0. */
export function acceptQueryPlugin(
  context: SandboxContext,
  authorizerAppid: string,
): void {
  const record = findAuthorizer(context, authorizerAppid);
  const plugin = currentState(record, context.clock.nowMs());
  if (plugin.state !== "pending") {
    throw new SandboxScriptError(
      `${authorizerAppid} has no pending application (state ` +
        `"${plugin.state}"); call open_query_plugin first and accept ` +
        `within 24 hours`,
    );
  }

  plugin.state = "open";
  context.logger.info({ authorizerAppid }, "query plugin accepted");
}

/** Makes open_query_plugin answer this errcode for the account; null undoes. */
export function scriptQueryPlugin(
  context: SandboxContext,
  authorizerAppid: string,
  errcode: number | null,
): void {
  const record = findAuthorizer(context, authorizerAppid);
  if (errcode !== null && !SCRIPTABLE_ERRCODES.includes(errcode)) {
    throw new SandboxScriptError(
      `errcode must be null or one of ${SCRIPTABLE_ERRCODES.join(", ")}`,
    );
  }

  record.queryPlugin.scriptedErrcode = errcode;
}
