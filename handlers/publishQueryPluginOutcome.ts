import type { HandlerDeps } from "../src/handle/handler.ts";
import {
  derivedEventId,
  SCHEMA_VERSION,
  type PermissionsChangedEvent,
  type QueryPluginOutcome,
  type QueryPluginOutcomeEvent,
} from "../src/publish/events.ts";
import type { Queryable } from "../src/store/db.ts";
import { enqueueEvent } from "../src/store/outbox.ts";

/** Publishes an applyQueryPlugin outcome through the outbox. */
export async function publishQueryPluginOutcome(
  tx: Queryable,
  deps: Pick<HandlerDeps, "componentAppId" | "now">,
  cause: PermissionsChangedEvent,
  result: {
    outcome: QueryPluginOutcome;
    errcode: number | null;
    errmsg: string | null;
  },
): Promise<void> {
  const event: QueryPluginOutcomeEvent = {
    schemaVersion: SCHEMA_VERSION,
    eventId: derivedEventId(cause.eventId, "query-plugin"),
    type: "query_plugin_outcome",
    componentAppId: deps.componentAppId,
    authorizerAppId: cause.authorizerAppId,
    causeEventId: cause.eventId,
    ...result,
    atMs: deps.now(),
  };
  await enqueueEvent(
    tx,
    "query-plugin-outcomes",
    cause.authorizerAppId,
    event,
    deps.now(),
  );
}
