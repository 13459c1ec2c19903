import { Partitioners } from "kafkajs";

import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { createKafka, ensureTopics } from "../publish/kafkaClient.ts";
import { kafkaSink } from "../publish/kafkaSink.ts";
import { OutboxPump } from "../publish/outboxPump.ts";
import type { Db } from "../store/db.ts";
import { embeddedSink } from "./embeddedSink.ts";
import type { Handler } from "./handler.ts";
import { startKafkaWorkers } from "./kafkaWorkers.ts";

export interface Pipeline {
  /** New rows are in the outbox. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * With Kafka: the outbox is published to Kafka, and (for the worker role)
 * each handler consumes its topic as a consumer group. Without: the worker
 * role hands outbox rows straight to the handlers; a receiver-only process
 * just stores, and a worker elsewhere picks the rows up.
 */
export async function startPipeline(deps: {
  config: Config;
  db: Db;
  handlers: readonly Handler[];
  logger: Logger;
  now: () => number;
}): Promise<Pipeline> {
  const { config, db, logger, now } = deps;
  const handlers = config.roles.worker ? deps.handlers : [];

  if (!config.kafka) {
    if (handlers.length === 0)
      return { wake: () => undefined, stop: async () => {} };
    const pump = new OutboxPump(
      db,
      embeddedSink({ db, handlers, logger, now }),
      logger,
      now,
    );
    pump.start();
    return { wake: () => pump.wake(), stop: () => pump.stop() };
  }

  const kafka = createKafka(config.kafka, logger);
  await ensureTopics(kafka, config.kafka);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // Java's partitioner, so keys land where other teams' clients expect.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const pump = new OutboxPump(
    db,
    kafkaSink(producer, config.kafka.topicPrefix),
    logger,
    now,
  );
  pump.start();
  const workers = await startKafkaWorkers({
    kafka,
    config: config.kafka,
    handlers,
    db,
    logger,
    now,
  });

  return {
    wake: () => pump.wake(),
    async stop() {
      await workers.stop();
      await pump.stop();
      await producer.disconnect();
    },
  };
}
