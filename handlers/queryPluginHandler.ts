import type {
  Handler,
  HandlerDeps,
  PipelineMessage,
} from "../src/handle/handler.ts";
import type {
  PermissionsChangedEvent,
  QueryPluginOutcome,
} from "../src/publish/events.ts";
import { loadAuthorizer } from "../src/store/authorizers.ts";
import { markProcessed, wasProcessed } from "../src/store/processedMessages.ts";
import {
  loadQueryPlugin,
  saveQueryPlugin,
  type QueryPluginState,
} from "../src/store/queryPlugins.ts";
import { isWeChatError } from "../src/wechat/wechatError.ts";
import { outcomeOfError } from "./queryPluginOutcome.ts";
import { publishQueryPluginOutcome } from "./publishQueryPluginOutcome.ts";

const NAME = "query-plugin";
/** WeChat logistics services. */
export const LOGISTICS_SET_ID = 45;

/**
 * When permission set 45 is newly granted, calls applyQueryPlugin once for
 * that grant, records the outcome and publishes it. When set 45 is revoked
 * before the component opened, the application is marked withdrawn.
 */
export function queryPluginHandler(deps: HandlerDeps): Handler {
  return {
    name: NAME,
    topic: "permission-changes",
    handle: (message) => handlePermissionChange(deps, message),
  };
}

async function handlePermissionChange(
  deps: HandlerDeps,
  message: PipelineMessage,
): Promise<void> {
  const event = message.event as PermissionsChangedEvent;
  if (await wasProcessed(deps.db, NAME, event.eventId)) return;

  if (event.revoked.includes(LOGISTICS_SET_ID)) {
    return withdraw(deps, event);
  }
  if (
    event.granted.includes(LOGISTICS_SET_ID) &&
    (await stillGranted(deps, event))
  ) {
    return apply(deps, event);
  }
  await markProcessed(deps.db, NAME, event.eventId, deps.now());
}

/** A later revocation may already have overtaken this grant. */
async function stillGranted(deps: HandlerDeps, event: PermissionsChangedEvent) {
  const authorizer = await loadAuthorizer(deps.db, event.authorizerAppId);
  return (
    authorizer?.status === "authorized" &&
    authorizer.funcScopeIds.includes(LOGISTICS_SET_ID)
  );
}

async function apply(deps: HandlerDeps, event: PermissionsChangedEvent) {
  const { db, api, now, logger } = deps;
  const authorizerAppId = event.authorizerAppId;
  const log = { eventId: event.eventId, authorizerAppId };

  // Recorded before the call: after a crash mid-call the redelivery finds
  // "applying" for this grant and calls again (the one repeat that can
  // happen); any recorded outcome ends it.
  const previous = await loadQueryPlugin(db, authorizerAppId);
  const sameGrant = previous?.grantEventId === event.eventId;
  await saveQueryPlugin(db, {
    authorizerAppId,
    state: "applying",
    grantEventId: event.eventId,
    errcode: null,
    errmsg: null,
    attempts: (sameGrant ? previous.attempts : 0) + 1,
    appliedAtMs: null,
    updatedAtMs: now(),
  });

  let outcome: QueryPluginOutcome = "applied";
  let errcode: number | null = 0;
  let errmsg: string | null = "ok";
  try {
    await api.applyQueryPlugin(authorizerAppId);
  } catch (error) {
    const mapped = outcomeOfError(error);
    if (!mapped) throw error;
    outcome = mapped;
    errcode = isWeChatError(error) ? error.errcode : null;
    errmsg = isWeChatError(error) ? error.errmsg : (error as Error).message;
  }

  await db.transaction(async (tx) => {
    const record = (await loadQueryPlugin(tx, authorizerAppId))!;
    await saveQueryPlugin(tx, {
      ...record,
      state: stateAfter(outcome),
      errcode,
      errmsg,
      appliedAtMs: outcome === "applied" ? now() : record.appliedAtMs,
      updatedAtMs: now(),
    });
    await publishQueryPluginOutcome(tx, deps, event, {
      outcome,
      errcode,
      errmsg,
    });
    await markProcessed(tx, NAME, event.eventId, now());
  });
  logger.info({ ...log, outcome, errcode }, "query plugin outcome");
}

async function withdraw(deps: HandlerDeps, event: PermissionsChangedEvent) {
  const { db, now } = deps;
  await db.transaction(async (tx) => {
    const record = await loadQueryPlugin(tx, event.authorizerAppId);
    const pending = record?.state === "applying" || record?.state === "applied";
    if (record && pending) {
      await saveQueryPlugin(tx, {
        ...record,
        state: "withdrawn",
        updatedAtMs: now(),
      });
    }
    await markProcessed(tx, NAME, event.eventId, now());
  });
}

function stateAfter(outcome: QueryPluginOutcome): QueryPluginState {
  switch (outcome) {
    case "applied":
      return "applied";
    case "already_open":
      return "open";
    case "not_eligible":
      return "not_eligible";
    case "configuration_error":
      return "configuration_error";
    case "failed":
      return "failed";
  }
}
