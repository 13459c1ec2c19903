import { loadConfig } from "./config.ts";
import { ServiceError } from "./errors.ts";
import { createLogger } from "./logger.ts";
import { startService } from "./service.ts";

/** `npm start`: the service, configured from the environment. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(78);
  }

  const logger = createLogger(config.logLevel);
  if (!config.publicBaseUrl && config.roles.receiver) {
    logger.warn(
      { variable: "PUBLIC_BASE_URL" },
      "PUBLIC_BASE_URL is not set: the authorization link answers 503",
    );
  }
  let service;
  try {
    service = await startService(config, { logger });
  } catch (error) {
    // The store or Kafka could not be reached, or the port is taken.
    logger.fatal({ err: error }, "start-up failed");
    console.error(`Start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      service.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

await main();
