import type {
  Handler,
  HandlerDeps,
  PipelineMessage,
} from "../src/handle/handler.ts";
import {
  authorizerOf,
  type AuthorizationPush,
  type ComponentPush,
  type UnauthorizationPush,
} from "../src/parse/componentPush.ts";
import type { AuthorizationEvent } from "../src/publish/events.ts";
import { loadAuthorizer, saveAuthorizer } from "../src/store/authorizers.ts";
import type { Queryable } from "../src/store/db.ts";
import { markProcessed, wasProcessed } from "../src/store/processedMessages.ts";
import { loadReceivedPush } from "../src/store/receivedEvents.ts";
import { exchangeAuthorizationCode } from "./exchangeAuthorizationCode.ts";
import { publishPermissionChange } from "./publishPermissionChange.ts";

const NAME = "authorization";

/**
 * Applies authorized, updateauthorized and unauthorized pushes. A push
 * older (by CreateTime) than what is stored for the authorizer changes
 * nothing, so a late `authorized` cannot undo an `unauthorized`.
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
  // The topic also carries the service's own findings; they need no work.
  if (message.event.type !== "authorization") return;
  const event = message.event as AuthorizationEvent;
  if (await wasProcessed(deps.db, NAME, event.eventId)) return;
  const finish = (tx: Queryable) =>
    markProcessed(tx, NAME, event.eventId, deps.now());

  const push = await loadReceivedPush(deps.db, event.eventId);
  const log = { eventId: event.eventId, infoType: push.infoType };
  if (await isSuperseded(deps.db, push)) {
    deps.logger.info(log, "older push ignored");
    return deps.db.transaction(finish);
  }

  switch (push.infoType) {
    case "authorized":
    case "updateauthorized": {
      const grant = push as AuthorizationPush;
      const result = await exchangeAuthorizationCode(deps, {
        authorizationCode: grant.authorizationCode,
        createTime: grant.createTime,
        authorizerAppId: grant.authorizerAppId,
        causeEventId: grant.eventId,
        reason: grant.infoType,
        finish,
      });
      deps.logger.info({ ...log, ...result }, "authorization applied");
      return;
    }
    case "unauthorized":
      return applyRevocation(deps, push as UnauthorizationPush, finish);
    default:
      deps.logger.info(log, "push kept, no handler for its InfoType");
      return deps.db.transaction(finish);
  }
}

async function applyRevocation(
  deps: HandlerDeps,
  push: UnauthorizationPush,
  finish: (tx: Queryable) => Promise<void>,
): Promise<void> {
  const { db, now, logger } = deps;

  await db.transaction(async (tx) => {
    await finish(tx);
    const before = await loadAuthorizer(tx, push.authorizerAppId);
    if (before && before.lastCreateTime > push.createTime) return;

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
      accountType: before?.accountType ?? null,
      updatedAtMs: now(),
    });
    await publishPermissionChange(tx, {
      componentAppId: deps.componentAppId,
      authorizerAppId: push.authorizerAppId,
      causeEventId: push.eventId,
      reason: push.infoType,
      before: before?.status === "authorized" ? before.funcScopeIds : [],
      after: [],
      nowMs: now(),
    });
  });
  logger.info(
    { eventId: push.eventId, authorizerAppId: push.authorizerAppId },
    "authorization revoked",
  );
}

async function isSuperseded(db: Queryable, push: ComponentPush) {
  const authorizerAppId = authorizerOf(push);
  if (authorizerAppId === undefined) return false;
  const stored = await loadAuthorizer(db, authorizerAppId);
  return stored !== undefined && stored.lastCreateTime > push.createTime;
}
