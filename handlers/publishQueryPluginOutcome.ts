import type { HandlerDeps } from "../src/handle/handler.ts";
import {
  derivedEventId,
  SCHEMA_VERSION,
  type QueryPluginOutcome,
  type QueryPluginOutcomeEvent,
} from "../src/publish/events.ts";
import type { Queryable } from "../src/store/db.ts";
import { enqueueEvent } from "../src/store/outbox.ts";
import type { QueryPluginRecord } from "../src/store/queryPlugins.ts";

/** Publishes an application's new state through the outbox. */
export async function publishQueryPluginOutcome(
  tx: Queryable,
  deps: Pick<HandlerDeps, "componentAppId" | "now">,
  record: QueryPluginRecord,
  outcome: QueryPluginOutcome,
): Promise<void> {
  const step = `query-plugin:${record.attempts}:${outcome}`;
  const event: QueryPluginOutcomeEvent = {
    schemaVersion: SCHEMA_VERSION,
    eventId: derivedEventId(record.grantEventId, step),
    type: "query_plugin_outcome",
    componentAppId: deps.componentAppId,
    authorizerAppId: record.authorizerAppId,
    causeEventId: record.grantEventId,
    outcome,
    state: record.state,
    errcode: record.errcode,
    errmsg: record.errmsg,
    atMs: deps.now(),
  };
  await enqueueEvent(
    tx,
    "query-plugin-outcomes",
    record.authorizerAppId,
    event,
    deps.now(),
  );
}
