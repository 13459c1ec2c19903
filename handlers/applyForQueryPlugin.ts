import { ServiceError } from "../src/errors.ts";
import type { HandlerDeps } from "../src/handle/handler.ts";
import { nextQuotaDayMs, reserveQuotaCall } from "../src/store/apiQuota.ts";
import { loadAuthorizer, saveAccountType } from "../src/store/authorizers.ts";
import type { Queryable } from "../src/store/db.ts";
import {
  hasQueuedBefore,
  loadQueryPlugin,
  saveQueryPlugin,
  type QueryPluginRecord,
} from "../src/store/queryPlugins.ts";
import { QUERY_PLUGIN_API } from "../src/wechat/componentApi.ts";
import {
  deferred,
  finishApplication,
  terminal,
  type Change,
} from "./finishApplication.ts";
import { outcomeOfCallError } from "./outcomeOfCallError.ts";

/** WeChat logistics services. */
export const LOGISTICS_SET_ID = 45;
/** If a call dies mid-way, the scheduler looks again after this. */
const STUCK_AFTER_MS = 10 * 60_000;
/** The admin has 24 hours to accept; re-check a little after. */
const RECHECK_AFTER_MS = 24 * 3600_000 + 10 * 60_000;

/** Why an application is being attempted. */
export type ApplyReason = "grant" | "queued" | "recheck" | "retry";

export interface ApplyInput {
  authorizerAppId: string;
  grantEventId: string;
  grantedAtMs: number;
  reason: ApplyReason;
  /** More work for the final transaction (the caller's idempotency mark). */
  finish?: (tx: Queryable) => Promise<void>;
}

/**
 * One attempt at applyQueryPlugin for one grant of set 45, with every rule
 * around it: still granted, a Mini Program, oldest grant first, the daily
 * quota (each HTTP request counted), bounded re-applications. Retriable
 * failures are thrown; everything else ends in a recorded, published state.
 */
export async function applyForQueryPlugin(
  deps: HandlerDeps,
  input: ApplyInput,
): Promise<void> {
  const { db, now } = deps;
  const stored = await loadQueryPlugin(db, input.authorizerAppId);
  const record =
    stored && stored.grantEventId === input.grantEventId
      ? stored
      : newRecord(input, now());
  const finish = (change: Change) =>
    finishApplication(deps, record, change, input.finish);

  // The scheduler may have finished this grant while its message waited
  // (a crash, then a slow queue): the message then has nothing left to do.
  if (
    input.reason === "grant" &&
    stored === record &&
    record.state !== "applying"
  ) {
    await db.transaction(async (tx) => input.finish?.(tx));
    return;
  }

  const authorizer = await loadAuthorizer(db, input.authorizerAppId);
  const granted =
    authorizer?.status === "authorized" &&
    authorizer.funcScopeIds.includes(LOGISTICS_SET_ID);
  if (!granted) return finish(terminal("withdrawn", "withdrawn"));

  const accountType =
    authorizer.accountType ??
    (await fetchAccountType(deps, input.authorizerAppId));
  if (accountType !== "miniprogram") {
    return finish(terminal("not_applicable", "not_applicable"));
  }
  if (
    input.reason === "recheck" &&
    record.applications >= deps.queryPlugin.maxApplications
  ) {
    return finish(terminal("lapsed", "lapsed"));
  }
  if (
    input.reason === "grant" &&
    (await hasQueuedBefore(db, record.grantedAtMs))
  ) {
    return finish(deferred(nextQuotaDayMs(now())));
  }

  await saveQueryPlugin(db, {
    ...record,
    state: "applying",
    attempts: record.attempts + 1,
    nextActionAtMs: now() + STUCK_AFTER_MS,
    updatedAtMs: now(),
  });
  const attempted: QueryPluginRecord = {
    ...record,
    state: "applying",
    attempts: record.attempts + 1,
  };
  const done = (change: Change) =>
    finishApplication(deps, attempted, change, input.finish);

  try {
    await deps.api.applyQueryPlugin(input.authorizerAppId, () =>
      reserveCall(deps),
    );
  } catch (error) {
    return done(await outcomeOfCallError(deps, error));
  }
  return done({
    state: "applied",
    outcome: input.reason === "recheck" ? "reapplied" : "applied",
    errcode: 0,
    errmsg: "ok",
    applications: attempted.applications + 1,
    appliedAtMs: now(),
    nextActionAtMs: now() + RECHECK_AFTER_MS,
  });
}

function newRecord(input: ApplyInput, nowMs: number): QueryPluginRecord {
  return {
    authorizerAppId: input.authorizerAppId,
    // Nothing is stored yet; the attempt decides the first real state.
    state: "applying",
    grantEventId: input.grantEventId,
    grantedAtMs: input.grantedAtMs,
    errcode: null,
    errmsg: null,
    attempts: 0,
    applications: 0,
    appliedAtMs: null,
    nextActionAtMs: null,
    updatedAtMs: nowMs,
  };
}

async function fetchAccountType(deps: HandlerDeps, authorizerAppId: string) {
  const accountType = await deps.api.accountType(authorizerAppId);
  await saveAccountType(deps.db, authorizerAppId, accountType);
  return accountType;
}

async function reserveCall(deps: HandlerDeps): Promise<void> {
  const { db, queryPlugin, now } = deps;
  const reserved = await reserveQuotaCall(
    db,
    QUERY_PLUGIN_API,
    queryPlugin.dailyQuota,
    now(),
  );
  if (!reserved) {
    throw new ServiceError(
      "WECHAT_QUOTA",
      `The day's ${queryPlugin.dailyQuota} open_query_plugin calls are spent ` +
        "(QUERY_PLUGIN_DAILY_QUOTA); the rest wait for midnight China time",
    );
  }
}
