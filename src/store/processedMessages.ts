import type { Queryable } from "./db.ts";

/**
 * Idempotency markers: a consumer records each message id it has finished,
 * in the same transaction as the message's effects, and skips it when it is
 * delivered again (Kafka and the outbox both deliver at least once).
 */
export async function wasProcessed(
  db: Queryable,
  consumer: string,
  messageId: string,
): Promise<boolean> {
  const rows = await db.query(
    "SELECT 1 AS found FROM processed_message WHERE consumer = $1 AND message_id = $2",
    [consumer, messageId],
  );
  return rows.length > 0;
}

export async function markProcessed(
  tx: Queryable,
  consumer: string,
  messageId: string,
  nowMs: number,
): Promise<void> {
  await tx.execute(
    `INSERT INTO processed_message (consumer, message_id, processed_at_ms)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [consumer, messageId, nowMs],
  );
}
