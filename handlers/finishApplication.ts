import type { HandlerDeps } from "../src/handle/handler.ts";
import type { QueryPluginOutcome } from "../src/publish/events.ts";
import type { Queryable } from "../src/store/db.ts";
import {
  saveQueryPlugin,
  type QueryPluginRecord,
  type QueryPluginState,
} from "../src/store/queryPlugins.ts";
import { publishQueryPluginOutcome } from "./publishQueryPluginOutcome.ts";

/** Where an attempt ended, and what to publish about it. */
export interface Change {
  state: QueryPluginState;
  outcome: QueryPluginOutcome;
  errcode: number | null;
  errmsg: string | null;
  nextActionAtMs: number | null;
  applications?: number;
  appliedAtMs?: number;
}

/**
 * Records the new state and publishes the outcome in one transaction, with
 * the caller's idempotency mark, so each outcome is published exactly once.
 */
export async function finishApplication(
  deps: HandlerDeps,
  record: QueryPluginRecord,
  change: Change,
  finish?: (tx: Queryable) => Promise<void>,
): Promise<void> {
  const { db, now, logger } = deps;
  const next: QueryPluginRecord = {
    ...record,
    state: change.state,
    errcode: change.errcode,
    errmsg: change.errmsg,
    applications: change.applications ?? record.applications,
    appliedAtMs: change.appliedAtMs ?? record.appliedAtMs,
    nextActionAtMs: change.nextActionAtMs,
    updatedAtMs: now(),
  };

  // Still queued after another look: nothing new to tell consumers.
  const news = !(record.state === "queued" && change.state === "queued");
  await db.transaction(async (tx) => {
    await saveQueryPlugin(tx, next);
    if (news) await publishQueryPluginOutcome(tx, deps, next, change.outcome);
    await finish?.(tx);
  });
  logger.info(
    {
      authorizerAppId: record.authorizerAppId,
      grantEventId: record.grantEventId,
      outcome: change.outcome,
      state: change.state,
      errcode: change.errcode,
    },
    "query plugin outcome",
  );
}

/** A state the scheduler never revisits. */
export function terminal(
  state: QueryPluginState,
  outcome: QueryPluginOutcome,
): Change {
  return { state, outcome, errcode: null, errmsg: null, nextActionAtMs: null };
}

/** Queued: the scheduler tries again at `untilMs`. */
export function deferred(untilMs: number): Change {
  return {
    state: "queued",
    outcome: "deferred",
    errcode: null,
    errmsg: null,
    nextActionAtMs: untilMs,
  };
}
