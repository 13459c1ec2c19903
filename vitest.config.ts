import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: [
      "test/setup/postgresGlobalSetup.ts",
      "test/setup/kafkaGlobalSetup.ts",
    ],
    // Integration tests wait on a real broker: group joins, topic creation.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Stopping the broker waits up to 5 s for a clean shutdown.
    teardownTimeout: 30_000,
  },
});
