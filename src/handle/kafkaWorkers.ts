import { setTimeout as sleep } from "node:timers/promises";
import type { Consumer, Kafka } from "kafkajs";

import type { KafkaConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { PipelineEvent } from "../publish/events.ts";
import { kafkaTopicName } from "../publish/topics.ts";
import type { Db } from "../store/db.ts";
import { backoffDelayMs } from "../wechat/backoff.ts";
import { deliver } from "./deliver.ts";
import type { Handler } from "./handler.ts";

const retryBackoff = {
  maxAttempts: Infinity,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * Runs each handler as its own Kafka consumer group
 * (`KAFKA_GROUP_ID_PREFIX.handler`). A message that asks for a retry is
 * retried in place, with backoff, holding its partition so that the key's
 * order holds; offsets are committed only past handled messages.
 */
export async function startKafkaWorkers(deps: {
  kafka: Kafka;
  config: KafkaConfig;
  handlers: readonly Handler[];
  db: Db;
  logger: Logger;
  now: () => number;
}): Promise<{ stop(): Promise<void> }> {
  const consumers: Consumer[] = [];
  let stopping = false;

  for (const handler of deps.handlers) {
    const groupId = `${deps.config.groupIdPrefix}.${handler.name}`;
    const consumer = deps.kafka.consumer({
      groupId,
      sessionTimeout: deps.config.sessionTimeoutMs,
      // Bounds how long a fetch waits idle, and so how long stop() takes.
      maxWaitTimeInMs: 1_000,
    });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({
      topic: kafkaTopicName(deps.config.topicPrefix, handler.topic),
      fromBeginning: true,
    });

    await consumer.run({
      partitionsConsumedConcurrently: deps.config.topicPartitions,
      eachMessage: async ({ partition, message, heartbeat }) => {
        const event = JSON.parse(message.value!.toString()) as PipelineEvent;
        const pipelineMessage = {
          topic: handler.topic,
          key: message.key?.toString() ?? "",
          event,
          position: { partition, offset: message.offset, groupId },
        };
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await deliver(handler, pipelineMessage, deps);
          } catch (error) {
            // Leaving without committing: the next owner of the partition
            // gets this message again.
            if (stopping) throw error;
            await sleep(backoffDelayMs(retryBackoff, attempt));
            await heartbeat();
          }
        }
      },
    });
  }

  return {
    async stop() {
      stopping = true;
      await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    },
  };
}
