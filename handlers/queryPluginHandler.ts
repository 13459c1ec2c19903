import type {
  Handler,
  HandlerDeps,
  PipelineMessage,
} from "../src/handle/handler.ts";
import type { PermissionsChangedEvent } from "../src/publish/events.ts";
import { markProcessed, wasProcessed } from "../src/store/processedMessages.ts";
import { loadQueryPlugin } from "../src/store/queryPlugins.ts";
import {
  applyForQueryPlugin,
  LOGISTICS_SET_ID,
} from "./applyForQueryPlugin.ts";
import { finishApplication, terminal } from "./finishApplication.ts";

const NAME = "query-plugin";

/** States in which a revocation still matters: the component is not open. */
const withdrawable = new Set(["queued", "applying", "applied", "not_eligible"]);

/**
 * Reacts to permission changes: set 45 newly granted → one application for
 * that grant; set 45 revoked before the component opened → withdrawn.
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
  const finish = (tx: Parameters<typeof markProcessed>[0]) =>
    markProcessed(tx, NAME, event.eventId, deps.now());

  if (event.revoked.includes(LOGISTICS_SET_ID)) {
    const record = await loadQueryPlugin(deps.db, event.authorizerAppId);
    if (record && withdrawable.has(record.state)) {
      return finishApplication(
        deps,
        record,
        terminal("withdrawn", "withdrawn"),
        finish,
      );
    }
  }
  if (event.granted.includes(LOGISTICS_SET_ID)) {
    return applyForQueryPlugin(deps, {
      authorizerAppId: event.authorizerAppId,
      grantEventId: event.eventId,
      grantedAtMs: event.changedAtMs,
      reason: "grant",
      finish,
    });
  }
  await deps.db.transaction(finish);
}
