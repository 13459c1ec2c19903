import { issuePreAuthCode } from "./authorizationApis.ts";
import { deliverPush } from "./deliverPush.ts";
import { buildPushXml } from "./pushXml.ts";
import { authRedirectUrl } from "./authRedirectUrl.ts";
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

/** How to push the grant; "hold" (or hold: true) keeps it for later. */
export type GrantPush = (PushOptions & { hold?: boolean }) | "hold";

export interface AuthorizeResult {
  /** The push sent; null when the granted sets did not change. */
  infoType: "authorized" | "updateauthorized" | null;
  authorizationCode: string;
  authorizationCodeExpiredTime: number;
  preAuthCode: string;
  redirectUrl: string | null;
  push: PushResult | null;
  /** The push held back for releaseHeldPush(); null when none was held. */
  heldPushId: string | null;
}

export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 3600;

/** Checks a merchant's input; the granted sets, sorted, without repeats. */
export function checkAuthorizeInput(input: AuthorizeInput): number[] {
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

function splitGrantPush(push: GrantPush | undefined) {
  if (push === "hold") return { hold: true, options: undefined };
  if (push === undefined) return { hold: false, options: undefined };
  const { hold, ...options } = push;

  return { hold: hold === true, options };
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

  return { code, authorizerAppid: appId, createTime, expiredTime };
}

function pushGrant(
  context: SandboxContext,
  infoType: "authorized" | "updateauthorized",
  code: ReturnType<typeof issueAuthorizationCode>,
  preAuthCode: string,
  options: PushOptions | undefined,
): Promise<PushResult | null> {
  const xml = buildPushXml({
    infoType,
    componentAppId: context.config.componentAppId,
    createTime: code.createTime,
    authorizerAppid: code.authorizerAppid,
    authorizationCode: code.code,
    authorizationCodeExpiredTime: code.expiredTime,
    preAuthCode,
  });

  return deliverPush(context, xml, infoType, options);
}

/**
 * The merchant's admin confirms the authorization page. With `push` "hold"
 * the push waits for releaseHeldPush(heldPushId); `heldPushId` names a slot
 * reserved by nextMerchant().
 */
export async function authorizeAccount(
  context: SandboxContext,
  input: AuthorizeInput,
  push?: GrantPush,
  heldPushId?: string,
): Promise<AuthorizeResult> {
  const ids = checkAuthorizeInput(input);
  const { hold, options } = splitGrantPush(push);
  const preAuthCode = usePreAuthCode(context, input.preAuthCode);
  const authorizerAppid = input.authorizerAppid;
  const previous = context.authorizers.get(authorizerAppid);
  const infoType = grantInfoType(previous, ids);

  if (infoType !== null) recordGrant(context, input, ids, previous);
  const code = issueAuthorizationCode(context, authorizerAppid);
  context.logger.info({ authorizerAppid, infoType, hold }, "grant recorded");

  const send =
    infoType === null
      ? null
      : () => pushGrant(context, infoType, code, preAuthCode, options);
  // A slot nextMerchant() reserved is settled even when nothing is pushed.
  const held =
    hold && (send !== null || heldPushId !== undefined)
      ? context.heldPushes.hold(send, heldPushId)
      : null;
  const pushResult = held === null && send !== null ? await send() : null;

  return {
    infoType,
    authorizationCode: code.code,
    authorizationCodeExpiredTime: code.expiredTime,
    preAuthCode,
    redirectUrl: authRedirectUrl(input.redirectUri, code.code),
    push: pushResult,
    heldPushId: held,
  };
}
