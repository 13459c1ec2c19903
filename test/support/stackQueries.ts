import type { Stack } from "./startStack.ts";
import { waitFor } from "./waitFor.ts";

export interface QueryPluginRow {
  state: string;
  errcode: number | null;
  errmsg: string | null;
  applications: number;
}

/** The stored query-plugin application of one authorizer, if any. */
export async function queryPluginRow(
  stack: Stack,
  authorizerAppId: string,
): Promise<QueryPluginRow | undefined> {
  const rows = await stack.service.db.query<QueryPluginRow>(
    `SELECT state, errcode, errmsg, applications FROM query_plugin
     WHERE authorizer_app_id = $1`,
    [authorizerAppId],
  );
  return rows[0];
}

/** Waits until the authorizer's application is in `state`. */
export async function untilQueryPluginState(
  stack: Stack,
  authorizerAppId: string,
  state: string,
  timeoutMs?: number,
): Promise<void> {
  await waitFor(
    async () => (await queryPluginRow(stack, authorizerAppId))?.state === state,
    `${authorizerAppId} to be ${state}`,
    timeoutMs,
  );
}

/** The events the service put in its outbox for one topic, in order. */
export async function outboxEvents(
  stack: Stack,
  topic: string,
): Promise<Array<Record<string, unknown>>> {
  const rows = await stack.service.db.query<{ value: string }>(
    "SELECT value FROM outbox WHERE topic = $1 ORDER BY id",
    [topic],
  );
  return rows.map((row) => JSON.parse(row.value) as Record<string, unknown>);
}

/** The sandbox's record of calls to one API, by its last path segment. */
export function callsTo(stack: Stack, api: string) {
  return stack.sandbox.calls().filter((call) => call.path.endsWith(`/${api}`));
}
