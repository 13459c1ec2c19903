import type { TestProject } from "vitest/node";
import { startKafkaBroker } from "../../scripts/kafkaBroker.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Comma-separated bootstrap addresses of the test run's Kafka broker. */
    kafkaBrokers: string;
  }
}

/**
 * Starts one Kafka broker for the whole test run, or uses the one named by
 * KAFKA_BROKERS. A broker that cannot start fails the run: integration tests
 * must never be skipped silently.
 */
export default async function kafkaGlobalSetup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const givenBrokers = process.env.KAFKA_BROKERS?.trim();
  if (givenBrokers) {
    project.provide("kafkaBrokers", givenBrokers);
    return undefined;
  }

  const broker = await startKafkaBroker().catch((error: unknown) => {
    throw new Error(
      "Could not start the Kafka broker for the test run. Fix the cause " +
        "below, or set KAFKA_BROKERS to a running broker.",
      { cause: error },
    );
  });
  // Child processes started by tests find the broker the same way.
  process.env.KAFKA_BROKERS = broker.brokers;
  project.provide("kafkaBrokers", broker.brokers);

  return async () => {
    delete process.env.KAFKA_BROKERS;
    await broker.stop();
  };
}
