import {
  derivedEventId,
  SCHEMA_VERSION,
  type PermissionsChangedEvent,
} from "../src/publish/events.ts";
import type { Queryable } from "../src/store/db.ts";
import { enqueueEvent } from "../src/store/outbox.ts";

/**
 * Publishes (through the outbox, in the caller's transaction) what an
 * authorizer gained and lost. Nothing is published when nothing changed.
 */
export async function publishPermissionChange(
  tx: Queryable,
  change: {
    componentAppId: string;
    authorizerAppId: string;
    causeEventId: string;
    reason: string;
    before: readonly number[];
    after: readonly number[];
    nowMs: number;
  },
): Promise<void> {
  const granted = change.after.filter((id) => !change.before.includes(id));
  const revoked = change.before.filter((id) => !change.after.includes(id));
  if (granted.length === 0 && revoked.length === 0) return;

  const event: PermissionsChangedEvent = {
    schemaVersion: SCHEMA_VERSION,
    eventId: derivedEventId(change.causeEventId, "permissions"),
    type: "permissions_changed",
    componentAppId: change.componentAppId,
    authorizerAppId: change.authorizerAppId,
    causeEventId: change.causeEventId,
    reason: change.reason,
    funcScopeIds: [...change.after],
    granted,
    revoked,
    changedAtMs: change.nowMs,
  };
  await enqueueEvent(
    tx,
    "permission-changes",
    change.authorizerAppId,
    event,
    change.nowMs,
  );
}
