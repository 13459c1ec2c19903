import { Kafka, logLevel, type LogEntry } from "kafkajs";

import type { KafkaConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import { allTopics, kafkaTopicName } from "./topics.ts";

/** A kafkajs client whose own log lines go through our logger. */
export function createKafka(config: KafkaConfig, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      const level = entry.level <= logLevel.ERROR ? "error" : "warn";
      kafkaLogger[level]({ namespace: entry.namespace, ...fields }, message);
    },
  });
}

/** Creates the pipeline's topics if they do not exist yet. */
export async function ensureTopics(
  kafka: Kafka,
  config: KafkaConfig,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopics
      .map((topic) => kafkaTopicName(config.topicPrefix, topic))
      .filter((name) => !existing.has(name));
    if (missing.length === 0) return;

    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: config.topicPartitions,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
