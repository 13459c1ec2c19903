import { writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface BrokerConfigPaths {
  serverProperties: string;
  log4jConfig: string;
  dataDir: string;
}

/**
 * Writes a single-node KRaft config (broker and controller in one process,
 * both on 127.0.0.1) and a quiet log4j2 config into `dir`.
 */
export async function writeBrokerConfig(
  dir: string,
  ports: { brokerPort: number; controllerPort: number },
): Promise<BrokerConfigPaths> {
  const { brokerPort, controllerPort } = ports;
  const dataDir = join(dir, "data");
  const serverProperties = join(dir, "server.properties");
  const log4jConfig = join(dir, "log4j2.properties");

  const properties = {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.quorum.voters": `1@127.0.0.1:${controllerPort}`,
    listeners:
      `PLAINTEXT://127.0.0.1:${brokerPort},` +
      `CONTROLLER://127.0.0.1:${controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${brokerPort}`,
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map":
      "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": dataDir,
    // One node: every internal topic must settle for a single replica. One
    // partition (not 50) also lets the first group or idempotent producer of
    // a run find its coordinator sooner.
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.num.partitions": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    // Tests join fresh groups all the time; the default 3 s delay would add
    // up to minutes.
    "group.initial.rebalance.delay.ms": "0",
  };
  await writeFile(serverProperties, toPropertiesText(properties));
  await writeFile(log4jConfig, LOG4J2_PROPERTIES);

  return { serverProperties, log4jConfig, dataDir };
}

function toPropertiesText(properties: Record<string, string>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")
    .concat("\n");
}

// WARN keeps the log readable; the one INFO line from KafkaRaftServer marks
// the moment the broker finished starting.
const LOG4J2_PROPERTIES = `status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.raftServer.name = kafka.server.KafkaRaftServer
logger.raftServer.level = info
`;
