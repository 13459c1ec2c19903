import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureKafkaJars } from "./ensureKafkaJars.ts";
import { formatBrokerStorage } from "./formatBrokerStorage.ts";
import { freePorts } from "./freePorts.ts";
import { kafkaJavaCommand } from "./kafkaJavaCommand.ts";
import { killBrokerWithParent } from "./killBrokerWithParent.ts";
import { readLogTail } from "./readLogTail.ts";
import { stopProcess } from "./stopProcess.ts";
import { trackExit } from "./trackExit.ts";
import { waitForBrokerReady } from "./waitForBrokerReady.ts";
import { writeBrokerConfig } from "./writeBrokerConfig.ts";

export interface KafkaBrokerOptions {
  /** How long to wait for the broker to answer requests. Default 60 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
  /** Folder with `pom.xml` and the `libs/` jars. Default: the repo's kafka/. */
  kafkaDir?: string;
}

export interface KafkaBroker {
  /** Bootstrap address for clients, e.g. `127.0.0.1:40123`. */
  brokers: string;
  /** Broker stdout and stderr; deleted by `stop()`. */
  logFile: string;
  /** Settles when the broker process ends, whatever the reason. */
  exited: Promise<void>;
  /** Stops the broker and deletes its data. Safe to call more than once. */
  stop(): Promise<void>;
}

const DEFAULT_KAFKA_DIR = fileURLToPath(new URL("../kafka", import.meta.url));
const LOG_TAIL_LINES = 40;

/**
 * Starts a throwaway single-node Kafka (KRaft) on 127.0.0.1 with its data in
 * a fresh temp dir, and resolves once it answers admin requests.
 */
export async function startKafkaBroker(
  options: KafkaBrokerOptions = {},
): Promise<KafkaBroker> {
  const libsDir = await ensureKafkaJars(options.kafkaDir ?? DEFAULT_KAFKA_DIR);
  const [brokerPort, controllerPort] = await freePorts(2);
  const tempDir = await mkdtemp(join(tmpdir(), "kafka-broker-"));
  const brokers = `127.0.0.1:${brokerPort}`;
  const logFile = join(tempDir, "broker.log");

  let child: ChildProcess;
  try {
    const ports = { brokerPort: brokerPort!, controllerPort: controllerPort! };
    const config = await writeBrokerConfig(tempDir, ports);
    await formatBrokerStorage({ libsDir, ...config });
    child = spawnBroker({ libsDir, ...config }, logFile);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }

  const { exited, exitReason } = trackExit(child);
  const releaseGuards = killBrokerWithParent(child, tempDir);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopProcess(child, options.stopTimeoutMs ?? 5_000);
      await rm(tempDir, { recursive: true, force: true });
      // Only now: should this process die while stopping, the guards finish.
      releaseGuards();
    })());

  try {
    await waitForBrokerReady(brokers, {
      timeoutMs: options.startTimeoutMs ?? 60_000,
      exitReason,
    });
  } catch (error) {
    const logTail = await readLogTail(logFile, LOG_TAIL_LINES);
    await stop();
    throw new Error(
      `${(error as Error).message}\nLast lines of the broker log:\n${logTail}`,
      { cause: error },
    );
  }

  return { brokers, logFile, exited, stop };
}

function spawnBroker(
  paths: { libsDir: string; log4jConfig: string; serverProperties: string },
  logFile: string,
): ChildProcess {
  const { command, args } = kafkaJavaCommand(
    paths,
    "kafka.Kafka",
    [paths.serverProperties],
    ["-Xms256m", "-Xmx512m"],
  );
  const logFd = openSync(logFile, "a");
  try {
    return spawn(command, args, { stdio: ["ignore", logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
}

async function runFromCommandLine(): Promise<void> {
  const broker = await startKafkaBroker();
  console.log(`KAFKA_BROKERS=${broker.brokers}`);
  console.error(`Broker log: ${broker.logFile}. Press Ctrl-C to stop.`);

  // Listeners stay on while stopping: npm and tsx relay Ctrl-C a second
  // time, and a signal without a listener would end this process at once.
  const stopSignal = new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => resolve());
    }
  });
  const crashed = broker.exited.then(() => true);
  if (await Promise.race([stopSignal.then(() => false), crashed])) {
    console.error(await readLogTail(broker.logFile, LOG_TAIL_LINES));
    console.error("The Kafka broker exited unexpectedly; see the log above.");
    process.exitCode = 1;
  }

  await broker.stop();
}

const scriptPath = process.argv[1];
if (scriptPath && import.meta.url === pathToFileURL(scriptPath).href) {
  await runFromCommandLine();
}
