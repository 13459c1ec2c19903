import {
  COMPONENT_TOKEN,
  type ApiAnswer,
  type ApiDefinition,
} from "./apiDefinition.ts";
import { textField } from "./bodyFields.ts";
import { checkComponentAppId } from "./componentChecks.ts";
import { buildFuncInfo } from "./funcInfo.ts";
import { randomText } from "./randomValues.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { AuthorizerRecord } from "./sandboxRecords.ts";
import { apiError } from "./wechatErrors.ts";

export const PRE_AUTH_CODE_LIFETIME_SECONDS = 600;

/** Mints a pre-auth code; the sandbox's authorize() uses them up. */
export function issuePreAuthCode(context: SandboxContext): string {
  const code = `preauthcode@@@${randomText(64)}`;
  context.preAuthCodes.set(code, {
    expiresAtMs: context.clock.nowMs() + PRE_AUTH_CODE_LIFETIME_SECONDS * 1000,
    used: false,
  });

  return code;
}

function newAccessToken(
  context: SandboxContext,
  record: AuthorizerRecord,
): ApiAnswer {
  const token = context.tokens.issue("authorizer", record.authorizerAppid);

  return {
    authorizer_access_token: token.value,
    expires_in: token.lifetimeSeconds,
    authorizer_refresh_token: record.refreshToken,
  };
}

export const createPreAuthCodeApi: ApiDefinition = {
  path: "/cgi-bin/component/api_create_preauthcode",
  token: COMPONENT_TOKEN,
  answer({ body }, context) {
    const appIdError = checkComponentAppId(context, body);
    if (appIdError !== null) return appIdError;

    return {
      pre_auth_code: issuePreAuthCode(context),
      expires_in: PRE_AUTH_CODE_LIFETIME_SECONDS,
    };
  },
};

export const queryAuthApi: ApiDefinition = {
  path: "/cgi-bin/component/api_query_auth",
  token: COMPONENT_TOKEN,
  answer({ body }, context) {
    const appIdError = checkComponentAppId(context, body);
    if (appIdError !== null) return appIdError;

    const code = textField(body, "authorization_code") ?? "";
    const grant = context.authorizationCodes.get(code);
    const record = context.authorizers.get(grant?.authorizerAppid ?? "");
    if (grant === undefined || record === undefined || !record.authorized) {
      return apiError(61009, "use the code of the latest authorization");
    }
    if (context.clock.nowMs() >= grant.expiresAtMs) {
      return apiError(61010, "codes live 3600 seconds");
    }

    // Assumed: an unexpired code may be exchanged again; each exchange
    // issues a new access token.
    return {
      authorization_info: {
        authorizer_appid: record.authorizerAppid,
        ...newAccessToken(context, record),
        func_info: buildFuncInfo(record.funcScopeIds),
      },
    };
  },
};

export const authorizerTokenApi: ApiDefinition = {
  path: "/cgi-bin/component/api_authorizer_token",
  token: COMPONENT_TOKEN,
  answer({ body }, context) {
    const appIdError = checkComponentAppId(context, body);
    if (appIdError !== null) return appIdError;

    const authorizerAppid = textField(body, "authorizer_appid");
    if (authorizerAppid === undefined) {
      return apiError(40013, "authorizer_appid missing");
    }
    const record = context.authorizers.get(authorizerAppid);
    if (record === undefined || !record.authorized) {
      return apiError(61003, "the account has not authorized the platform");
    }
    if (textField(body, "authorizer_refresh_token") !== record.refreshToken) {
      return apiError(61023, "use the refresh token of the latest grant");
    }

    return newAccessToken(context, record);
  },
};
