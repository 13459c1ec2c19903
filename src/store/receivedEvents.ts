import { ServiceError } from "../errors.ts";
import type { ComponentPush } from "../parse/componentPush.ts";
import type { Queryable } from "./db.ts";

/**
 * The stored push behind an authorization event. Kafka messages carry only
 * the event id; the authorization code stays here, out of every topic.
 */
export async function loadReceivedPush(
  db: Queryable,
  eventId: string,
): Promise<ComponentPush> {
  const rows = await db.query<{ payload: string }>(
    "SELECT payload FROM received_event WHERE event_id = $1",
    [eventId],
  );
  const row = rows[0];
  if (!row) {
    throw new ServiceError(
      "EVENT_INVALID",
      `No received push is stored for event ${eventId}; the message was ` +
        "published by another deployment or the store was reset",
      { details: { eventId } },
    );
  }
  return JSON.parse(row.payload) as ComponentPush;
}
