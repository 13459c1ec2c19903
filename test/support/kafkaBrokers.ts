import { inject } from "vitest";

/**
 * The bootstrap address of the test run's Kafka broker, as a comma-separated
 * list (split it for kafkajs' `brokers`). Provided by kafkaGlobalSetup.ts.
 */
export function kafkaBrokers(): string {
  const brokers = inject("kafkaBrokers");
  if (!brokers) {
    throw new Error(
      "No Kafka broker was provided to this test; run it through the repo's " +
        "vitest.config.ts, whose globalSetup starts one.",
    );
  }

  return brokers;
}
