import { ServiceError } from "../src/errors.ts";
import type { HandlerDeps } from "../src/handle/handler.ts";
import {
  claimCode,
  markCodeExchanged,
  releaseCode,
} from "../src/store/authorizationCodes.ts";
import { loadAuthorizer, saveAuthorizer } from "../src/store/authorizers.ts";
import type { Queryable } from "../src/store/db.ts";
import { funcScopeIdsOf } from "../src/wechat/componentApi.ts";
import { publishPermissionChange } from "./publishPermissionChange.ts";

export interface Grant {
  authorizationCode: string;
  /** Unix seconds: the push's CreateTime, or the redirect's arrival. */
  createTime: number;
  /** The push's AuthorizerAppid, when known before the exchange. */
  authorizerAppId?: string;
  causeEventId: string;
  reason: string;
  /** More work for the final transaction (the caller's idempotency mark). */
  finish?: (tx: Queryable) => Promise<void>;
}

export type ExchangeResult =
  | { status: "exchanged" | "superseded"; authorizerAppId: string }
  | { status: "already_exchanged" };

/**
 * Exchanges an authorization code (api_query_auth) once, whichever of the
 * push and the browser redirect brings it first, then stores the tokens
 * and func_info and publishes what was granted and revoked, in one
 * transaction. A grant older than the stored state changes nothing.
 */
export async function exchangeAuthorizationCode(
  deps: HandlerDeps,
  grant: Grant,
): Promise<ExchangeResult> {
  const { db, api, now } = deps;
  const claim = await claimCode(db, grant.authorizationCode, now());
  if (claim === "exchanged") {
    await db.transaction(async (tx) => grant.finish?.(tx));
    return { status: "already_exchanged" };
  }
  if (claim === "busy") {
    throw new ServiceError(
      "WECHAT_TRANSIENT",
      "The authorization code is being exchanged by another worker",
    );
  }

  let info;
  try {
    info = await api.queryAuth(grant.authorizationCode);
  } catch (error) {
    await releaseCode(db, grant.authorizationCode);
    throw error;
  }
  const authorizerAppId = info.authorizer_appid;
  if (grant.authorizerAppId && grant.authorizerAppId !== authorizerAppId) {
    throw new ServiceError(
      "EVENT_INVALID",
      "api_query_auth answered for another authorizer than the push named",
      { details: { authorizerAppId: grant.authorizerAppId } },
    );
  }

  return db.transaction(async (tx) => {
    await markCodeExchanged(
      tx,
      grant.authorizationCode,
      authorizerAppId,
      now(),
    );
    await grant.finish?.(tx);
    const before = await loadAuthorizer(tx, authorizerAppId);
    if (before && before.lastCreateTime > grant.createTime) {
      return { status: "superseded", authorizerAppId };
    }

    const funcScopeIds = funcScopeIdsOf(info.func_info);
    await saveAuthorizer(tx, {
      authorizerAppId,
      status: "authorized",
      accessToken: info.authorizer_access_token,
      accessTokenExpiresAtMs: now() + info.expires_in * 1000,
      refreshToken: info.authorizer_refresh_token,
      funcScopeIds,
      funcInfo: info.func_info,
      lastCreateTime: grant.createTime,
      accountType: before?.accountType ?? null,
      updatedAtMs: now(),
    });
    await publishPermissionChange(tx, {
      componentAppId: deps.componentAppId,
      authorizerAppId,
      causeEventId: grant.causeEventId,
      reason: grant.reason,
      before: before?.status === "authorized" ? before.funcScopeIds : [],
      after: funcScopeIds,
      nowMs: now(),
    });
    return { status: "exchanged", authorizerAppId };
  });
}
