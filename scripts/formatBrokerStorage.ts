import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { kafkaJavaCommand } from "./kafkaJavaCommand.ts";

const execFileAsync = promisify(execFile);

/**
 * Formats the broker's log dirs for a new single-node cluster, as
 * `kafka-storage.sh format` does. The properties list
 * `controller.quorum.voters`, so `--standalone` must not be passed.
 */
export async function formatBrokerStorage(paths: {
  libsDir: string;
  log4jConfig: string;
  serverProperties: string;
}): Promise<void> {
  const { command, args } = kafkaJavaCommand(paths, "kafka.tools.StorageTool", [
    "format",
    "-t",
    randomClusterId(),
    "-c",
    paths.serverProperties,
  ]);

  try {
    await execFileAsync(command, args, { timeout: 60_000 });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(
      `Formatting Kafka storage failed (${command} ${args.join(" ")}). ` +
        `Check that a JDK 17+ is on PATH or in JAVA_HOME. Output:\n` +
        `${output.stdout ?? ""}${output.stderr ?? ""}`,
      { cause: error },
    );
  }
}

/**
 * A Kafka cluster id is a random 128-bit UUID in unpadded base64url. Making it
 * here saves starting a JVM for `StorageTool random-uuid`; Kafka's own
 * generator also avoids ids that start with "-", which read as CLI flags.
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}
