import { ServiceError } from "../src/errors.ts";
import type {
  Handler,
  HandlerDeps,
  PipelineMessage,
} from "../src/handle/handler.ts";
import type {
  AuthorizationPush,
  UnauthorizationPush,
} from "../src/parse/componentPush.ts";
import type { AuthorizationEvent } from "../src/publish/events.ts";
import {
  loadAuthorizer,
  saveAuthorizer,
  type AuthorizerRecord,
} from "../src/store/authorizers.ts";
import type { Queryable } from "../src/store/db.ts";
import { markProcessed, wasProcessed } from "../src/store/processedMessages.ts";
import { loadReceivedPush } from "../src/store/receivedEvents.ts";
import { funcScopeIdsOf } from "../src/wechat/componentApi.ts";
import { publishPermissionChange } from "./publishPermissionChange.ts";

const NAME = "authorization";

/**
 * Applies authorized, updateauthorized and unauthorized pushes: exchanges
 * the code for the authorizer's tokens and granted sets, stores them, and
 * publishes what changed. A push older than what is stored changes nothing.
 */
export function authorizationHandler(deps: HandlerDeps): Handler {
  return {
    name: NAME,
    topic: "authorization-events",
    handle: (message) => handleAuthorization(deps, message),
  };
}

async function handleAuthorization(
  deps: HandlerDeps,
  message: PipelineMessage,
): Promise<void> {
  const event = message.event as AuthorizationEvent;
  if (await wasProcessed(deps.db, NAME, event.eventId)) return;

  const push = await loadReceivedPush(deps.db, event.eventId);
  switch (push.infoType) {
    case "authorized":
    case "updateauthorized":
      return applyGrant(deps, push as AuthorizationPush);
    case "unauthorized":
      return applyRevocation(deps, push as UnauthorizationPush);
    default:
      deps.logger.info(
        { eventId: event.eventId, infoType: push.infoType },
        "push kept, no handler for its InfoType",
      );
      await markProcessed(deps.db, NAME, event.eventId, deps.now());
  }
}

async function applyGrant(deps: HandlerDeps, push: AuthorizationPush) {
  const { db, api, now, logger } = deps;
  const log = { eventId: push.eventId, authorizerAppId: push.authorizerAppId };
  if (await isSuperseded(db, push)) {
    logger.info(log, "older push ignored");
    return markProcessed(db, NAME, push.eventId, now());
  }

  const info = await api.queryAuth(push.authorizationCode);
  if (info.authorizer_appid !== push.authorizerAppId) {
    throw new ServiceError(
      "EVENT_INVALID",
      "api_query_auth answered for another authorizer than the push named",
      { details: log },
    );
  }

  await db.transaction(async (tx) => {
    const before = await loadAuthorizer(tx, push.authorizerAppId);
    if (before && before.lastCreateTime > push.createTime) {
      return markProcessed(tx, NAME, push.eventId, now());
    }

    const funcScopeIds = funcScopeIdsOf(info.func_info);
    await saveAuthorizer(tx, {
      authorizerAppId: push.authorizerAppId,
      status: "authorized",
      accessToken: info.authorizer_access_token,
      accessTokenExpiresAtMs: now() + info.expires_in * 1000,
      refreshToken: info.authorizer_refresh_token,
      funcScopeIds,
      funcInfo: info.func_info,
      lastCreateTime: push.createTime,
      updatedAtMs: now(),
    });
    await publishChange(deps, tx, push, grantedBefore(before), funcScopeIds);
  });
  logger.info(log, "authorization stored");
}

async function applyRevocation(deps: HandlerDeps, push: UnauthorizationPush) {
  const { db, now, logger } = deps;

  await db.transaction(async (tx) => {
    const before = await loadAuthorizer(tx, push.authorizerAppId);
    if (before && before.lastCreateTime > push.createTime) {
      return markProcessed(tx, NAME, push.eventId, now());
    }

    // Kept even for an authorizer never seen, so that an older authorized
    // push arriving late cannot grant again.
    await saveAuthorizer(tx, {
      authorizerAppId: push.authorizerAppId,
      status: "revoked",
      accessToken: null,
      accessTokenExpiresAtMs: null,
      refreshToken: null,
      funcScopeIds: [],
      funcInfo: [],
      lastCreateTime: push.createTime,
      updatedAtMs: now(),
    });
    await publishChange(deps, tx, push, grantedBefore(before), []);
  });
  logger.info(
    { eventId: push.eventId, authorizerAppId: push.authorizerAppId },
    "authorization revoked",
  );
}

async function publishChange(
  deps: HandlerDeps,
  tx: Queryable,
  push: AuthorizationPush | UnauthorizationPush,
  before: readonly number[],
  after: readonly number[],
): Promise<void> {
  await publishPermissionChange(tx, {
    componentAppId: deps.componentAppId,
    authorizerAppId: push.authorizerAppId,
    causeEventId: push.eventId,
    reason: push.infoType,
    before,
    after,
    nowMs: deps.now(),
  });
  await markProcessed(tx, NAME, push.eventId, deps.now());
}

function grantedBefore(record: AuthorizerRecord | undefined): number[] {
  return record?.status === "authorized" ? record.funcScopeIds : [];
}

async function isSuperseded(db: Queryable, push: AuthorizationPush) {
  const stored = await loadAuthorizer(db, push.authorizerAppId);
  return stored !== undefined && stored.lastCreateTime > push.createTime;
}
