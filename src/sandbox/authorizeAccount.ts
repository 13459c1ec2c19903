import { issuePreAuthCode } from "./authorizationApis.ts";
import { deliverPush } from "./deliverPush.ts";
import { buildPushXml } from "./pushXml.ts";
import { randomText } from "./randomValues.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { AccountType, AuthorizerRecord } from "./sandboxRecords.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

export interface AuthorizeInput {
  authorizerAppid: string;
  funcScopeIds: number[];
  accountType?: AccountType;
  /** A code from api_create_preauthcode; one is minted when absent. */
  preAuthCode?: string;
  /** Where the merchant's browser returns; echoed back as redirectUrl. */
  redirectUri?: string;
}

export interface AuthorizeResult {
  /** The push sent; null when the granted sets did not change. */
  infoType: "authorized" | "updateauthorized" | null;
  authorizationCode: string;
  authorizationCodeExpiredTime: number;
  preAuthCode: string;
  redirectUrl: string | null;
  push: PushResult | null;
}

export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 3600;
// The browser redirect says 600 although the code itself lives an hour.
const REDIRECT_EXPIRES_IN_SECONDS = 600;

function checkInput(input: AuthorizeInput): number[] {
  if (typeof input.authorizerAppid !== "string" || !input.authorizerAppid) {
    throw new SandboxScriptError("authorizerAppid must be a non-empty string");
  }
  const ids = input.funcScopeIds;
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
    throw new SandboxScriptError("funcScopeIds must be a list of integers");
  }
  const uri = input.redirectUri;
  if (uri !== undefined && !URL.canParse(uri)) {
    throw new SandboxScriptError(`redirectUri is not a URL: "${uri}"`);
  }
  const type = input.accountType ?? "miniprogram";
  if (type !== "miniprogram" && type !== "officialaccount") {
    throw new SandboxScriptError(
      'accountType must be "miniprogram" or "officialaccount"',
    );
  }

  return [...new Set(ids)].sort((a, b) => a - b);
}

function usePreAuthCode(context: SandboxContext, given?: string): string {
  const code = given ?? issuePreAuthCode(context);
  const record = context.preAuthCodes.get(code);
  if (record === undefined || record.used) {
    throw new SandboxScriptError("the pre-auth code is unknown or used");
  }
  if (context.clock.nowMs() >= record.expiresAtMs) {
    throw new SandboxScriptError("the pre-auth code expired (600 seconds)");
  }
  record.used = true;

  return code;
}

function grantInfoType(
  previous: AuthorizerRecord | undefined,
  ids: number[],
): AuthorizeResult["infoType"] {
  if (previous === undefined || !previous.authorized) return "authorized";
  const same =
    previous.funcScopeIds.length === ids.length &&
    previous.funcScopeIds.every((id, index) => id === ids[index]);

  return same ? null : "updateauthorized";
}

function recordGrant(
  context: SandboxContext,
  input: AuthorizeInput,
  ids: number[],
  previous: AuthorizerRecord | undefined,
): void {
  context.authorizers.set(input.authorizerAppid, {
    authorizerAppid: input.authorizerAppid,
    accountType: input.accountType ?? "miniprogram",
    funcScopeIds: ids,
    authorized: true,
    authTimeMs: context.clock.nowMs(),
    // Every grant that changes something issues a new refresh token; the
    // previous one stops working at once.
    refreshToken: `refreshtoken@@@${randomText(64)}`,
    grantCount: (previous?.grantCount ?? 0) + 1,
    queryPlugin: previous?.queryPlugin ?? {
      state: "none",
      appliedAtMs: null,
      scriptedErrcode: null,
    },
  });
}

function redirectUrl(uri: string | undefined, code: string): string | null {
  if (uri === undefined) return null;
  const url = new URL(uri);
  url.searchParams.set("auth_code", code);
  url.searchParams.set("expires_in", String(REDIRECT_EXPIRES_IN_SECONDS));

  return url.toString();
}

function issueAuthorizationCode(context: SandboxContext, appId: string) {
  const code = `queryauthcode@@@${randomText(64)}`;
  const createTime = context.clock.nowSeconds();
  // WeChat's push carries an absolute expiry time, not a duration.
  const expiredTime = createTime + AUTHORIZATION_CODE_LIFETIME_SECONDS;
  context.authorizationCodes.set(code, {
    authorizerAppid: appId,
    expiresAtMs: expiredTime * 1000,
  });

  return { code, createTime, expiredTime };
}

/** The merchant's admin confirms the authorization page. */
export async function authorizeAccount(
  context: SandboxContext,
  input: AuthorizeInput,
  pushOptions?: PushOptions,
): Promise<AuthorizeResult> {
  const ids = checkInput(input);
  const preAuthCode = usePreAuthCode(context, input.preAuthCode);
  const authorizerAppid = input.authorizerAppid;
  const previous = context.authorizers.get(authorizerAppid);
  const infoType = grantInfoType(previous, ids);

  if (infoType !== null) recordGrant(context, input, ids, previous);
  const code = issueAuthorizationCode(context, authorizerAppid);
  context.logger.info({ authorizerAppid, infoType }, "grant recorded");

  let push: PushResult | null = null;
  if (infoType !== null) {
    const xml = buildPushXml({
      infoType,
      componentAppId: context.config.componentAppId,
      createTime: code.createTime,
      authorizerAppid,
      authorizationCode: code.code,
      authorizationCodeExpiredTime: code.expiredTime,
      preAuthCode,
    });
    push = await deliverPush(context, xml, infoType, pushOptions);
  }

  return {
    infoType,
    authorizationCode: code.code,
    authorizationCodeExpiredTime: code.expiredTime,
    preAuthCode,
    redirectUrl: redirectUrl(input.redirectUri, code.code),
    push,
  };
}
