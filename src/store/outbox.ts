import type { PipelineEvent } from "../publish/events.ts";
import type { Topic } from "../publish/topics.ts";
import type { Db, Queryable } from "./db.ts";

export interface OutboxRow {
  id: number;
  topic: Topic;
  key: string;
  value: string;
}

/** Adds an event to the outbox, inside the caller's transaction. */
export async function enqueueEvent(
  tx: Queryable,
  topic: Topic,
  key: string,
  event: PipelineEvent,
  nowMs: number,
): Promise<void> {
  await tx.execute(
    `INSERT INTO outbox (topic, message_key, value, created_at_ms)
     VALUES ($1, $2, $3, $4)`,
    [topic, key, JSON.stringify(event), nowMs],
  );
}

export async function unpublishedEvents(
  db: Queryable,
  limit: number,
): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT id, topic, message_key AS key, value FROM outbox
     WHERE published_at_ms IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
}

export async function markPublished(
  db: Db,
  ids: readonly number[],
  nowMs: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const id of ids) {
      await tx.execute("UPDATE outbox SET published_at_ms = $1 WHERE id = $2", [
        nowMs,
        id,
      ]);
    }
  });
}
