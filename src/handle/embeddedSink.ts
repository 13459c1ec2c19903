import type { Logger } from "../logger.ts";
import type { PipelineEvent } from "../publish/events.ts";
import type { OutboxSink } from "../publish/outboxPump.ts";
import type { Db } from "../store/db.ts";
import type { OutboxRow } from "../store/outbox.ts";
import { backoffDelayMs, type BackoffPolicy } from "../wechat/backoff.ts";
import { deliver } from "./deliver.ts";
import type { Handler } from "./handler.ts";

const retryBackoff: BackoffPolicy = {
  maxAttempts: Infinity,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
};

/**
 * Without Kafka, the outbox is the log: each row is handed to every handler
 * of its topic, in order per key, with the same at-least-once delivery and
 * the same idempotent handlers as the Kafka mode. A key whose handler asks
 * for a retry is held back, with backoff, and the other keys go on.
 */
export function embeddedSink(deps: {
  db: Db;
  handlers: readonly Handler[];
  logger: Logger;
  now: () => number;
}): OutboxSink {
  const retries = new Map<string, { attempts: number; notBeforeMs: number }>();

  return async (rows: OutboxRow[]) => {
    const held = new Set<string>();
    const done: number[] = [];
    for (const row of rows) {
      const keyId = `${row.topic}/${row.key}`;
      const retry = retries.get(keyId);
      if (held.has(keyId) || (retry && retry.notBeforeMs > deps.now())) {
        held.add(keyId);
        continue;
      }
      try {
        await deliverRow(deps, row);
        retries.delete(keyId);
        done.push(row.id);
      } catch {
        const attempts = (retry?.attempts ?? 0) + 1;
        const delayMs = backoffDelayMs(retryBackoff, attempts);
        retries.set(keyId, { attempts, notBeforeMs: deps.now() + delayMs });
        held.add(keyId);
      }
    }
    return done;
  };
}

async function deliverRow(
  deps: Parameters<typeof embeddedSink>[0],
  row: OutboxRow,
): Promise<void> {
  const event = JSON.parse(row.value) as PipelineEvent;
  for (const handler of deps.handlers) {
    if (handler.topic !== row.topic) continue;
    await deliver(
      handler,
      { topic: row.topic, key: row.key, event, position: { outboxId: row.id } },
      deps,
    );
  }
}
