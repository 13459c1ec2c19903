import { setTimeout as delay } from "node:timers/promises";
import { Kafka, logLevel } from "kafkajs";

const POLL_INTERVAL_MS = 200;

/**
 * Resolves once `brokers` lists topics, finds a group coordinator and hands
 * out an idempotent producer id. An open port is not enough: the broker takes
 * connections before the KRaft controller has elected itself. The two
 * coordinators load their internal topics on first use; doing that here keeps
 * tests from meeting (and logging) "coordinator is loading" errors.
 * Rejects when `timeoutMs` passes or `exitReason()` says the broker ended.
 */
export async function waitForBrokerReady(
  brokers: string,
  options: { timeoutMs: number; exitReason: () => string | undefined },
): Promise<void> {
  const deadlineMs = Date.now() + options.timeoutMs;
  let lastError: unknown;

  while (Date.now() < deadlineMs) {
    const exitReason = options.exitReason();
    if (exitReason !== undefined) {
      throw new Error(`The Kafka broker ended while starting (${exitReason}).`);
    }

    try {
      await probeOnce(brokers);
      return;
    } catch (error) {
      lastError = error;
    }

    await delay(POLL_INTERVAL_MS);
  }

  throw new Error(
    `The Kafka broker at ${brokers} was not ready within ` +
      `${options.timeoutMs} ms (last error: ${String(lastError)}).`,
    { cause: lastError },
  );
}

async function probeOnce(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: "kafka-broker-readiness",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  // kafkajs insists an idempotent producer may retry at least once.
  const producer = kafka.producer({
    idempotent: true,
    retry: { retries: 1, maxRetryTime: 1_000 },
  });

  try {
    await admin.connect();
    await admin.listTopics();
    await admin.describeGroups(["kafka-broker-readiness"]);
    // Connecting an idempotent producer requests its producer id.
    await producer.connect();
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}
