import type { Producer } from "kafkajs";

import type { OutboxRow } from "../store/outbox.ts";
import { SCHEMA_VERSION } from "./events.ts";
import type { OutboxSink } from "./outboxPump.ts";
import { kafkaTopicName } from "./topics.ts";

/**
 * Publishes outbox rows to Kafka, keyed by authorizer appid so that one
 * merchant's events land in one partition, in order. The producer is
 * idempotent and waits for all in-sync replicas, so an acknowledged batch
 * is in Kafka before the rows are marked published.
 */
export function kafkaSink(producer: Producer, topicPrefix: string): OutboxSink {
  return async (rows: OutboxRow[]) => {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const name = kafkaTopicName(topicPrefix, row.topic);
      byTopic.set(name, [...(byTopic.get(name) ?? []), row]);
    }

    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, topicRows]) => ({
        topic,
        messages: topicRows.map((row) => ({
          key: row.key,
          value: row.value,
          headers: { "schema-version": String(SCHEMA_VERSION) },
        })),
      })),
    });
    return rows.map((row) => row.id);
  };
}
