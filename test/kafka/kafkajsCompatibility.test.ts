import { randomUUID } from "node:crypto";
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type KafkaMessage,
  type Producer,
} from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { kafkaBrokers } from "../support/kafkaBrokers.ts";

// Guards the service's choice of kafkajs 2.2.4, released before Kafka 4.0
// dropped the oldest protocol versions (KIP-896), against the broker we run.
const kafka = new Kafka({
  clientId: "kafkajs-compatibility-test",
  brokers: kafkaBrokers().split(","),
  logLevel: logLevel.ERROR,
});

const openClients: Array<{ disconnect(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(openClients.splice(0).map((client) => client.disconnect()));
});

describe("kafkajs 2.2.4 against the test broker", () => {
  it("creates a topic with several partitions", async () => {
    const topic = randomName("topic");
    const admin = await connectedAdmin();

    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3 }],
      waitForLeaders: true,
    });

    expect(created).toBe(true);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitionIds = topics[0]?.partitions.map((p) => p.partitionId);
    expect(partitionIds?.sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(await admin.listTopics()).toContain(topic);
  });

  it("sends keyed messages with an idempotent producer and acks -1", async () => {
    const topic = await createTopic(3);
    const producer = await connectedProducer();
    const partitionByKey = new Map<string, number>();

    for (const round of [1, 2]) {
      for (const key of ["merchant-a", "merchant-b", "merchant-c"]) {
        const [record] = await producer.send({
          topic,
          acks: -1,
          messages: [{ key, value: `${key}-${round}` }],
        });
        expect(record?.errorCode).toBe(0);
        // The default partitioner hashes the key: a key keeps its partition.
        expect(record?.partition).toBe(
          partitionByKey.get(key) ?? record?.partition,
        );
        partitionByKey.set(key, record!.partition);
      }
    }

    const received = await consumeAll(topic, 6);
    for (const key of partitionByKey.keys()) {
      const ofKey = received.filter((r) => r.message.key?.toString() === key);
      expect(ofKey.map((r) => r.partition)).toEqual(
        Array(2).fill(partitionByKey.get(key)),
      );
      expect(valuesOf(ofKey)).toEqual([`${key}-1`, `${key}-2`]);
    }
    // A producer id of -1 would mean the batches were not idempotent.
    for (const { message } of received) {
      expect(producerIdOf(message)).toMatch(/^\d+$/);
    }
  });

  it("commits offsets in a group and resumes from them after a restart", async () => {
    const topic = await createTopic(3);
    const groupId = randomName("group");
    const producer = await connectedProducer();
    const send = (values: string[]) =>
      producer.send({
        topic,
        acks: -1,
        messages: values.map((value, i) => ({ key: `key-${i % 4}`, value })),
      });

    await send(["first-0", "first-1", "first-2", "first-3", "first-4"]);
    const firstRun = await consumeInGroup(groupId, topic, 5);
    expect(await committedOffsetTotal(groupId, topic)).toBe(5);
    await firstRun.consumer.disconnect();

    await send(["second-0", "second-1", "second-2"]);
    const secondRun = await consumeInGroup(groupId, topic, 3);

    expect(valuesOf(firstRun.received).sort()).toEqual([
      "first-0",
      "first-1",
      "first-2",
      "first-3",
      "first-4",
    ]);
    // The second consumer asks for the beginning too; only the committed
    // offsets keep it from reading the first batch again.
    expect(valuesOf(secondRun.received).sort()).toEqual([
      "second-0",
      "second-1",
      "second-2",
    ]);
    expect(await committedOffsetTotal(groupId, topic)).toBe(8);
  });
});

interface Received {
  partition: number;
  message: KafkaMessage;
}

/**
 * Runs a group consumer from the beginning that commits each message's offset
 * itself, and resolves once `count` messages arrived.
 */
async function consumeInGroup(
  groupId: string,
  topic: string,
  count: number,
): Promise<{ consumer: Consumer; received: Received[] }> {
  // disconnect() waits for the fetch in flight, which long-polls for up to
  // maxWaitTimeInMs (5 s by default) on an idle topic.
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  openClients.push(consumer);
  const received: Received[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
      received.push({ partition, message });
    },
  });
  await waitFor(() => received.length >= count, `${count} messages`);

  return { consumer, received };
}

async function consumeAll(topic: string, count: number): Promise<Received[]> {
  const { received } = await consumeInGroup(randomName("group"), topic, count);

  return received;
}

async function committedOffsetTotal(groupId: string, topic: string) {
  const admin = await connectedAdmin();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });

  return (offsets?.partitions ?? [])
    .map(({ offset }) => Math.max(Number(offset), 0))
    .reduce((sum, offset) => sum + offset, 0);
}

async function createTopic(numPartitions: number): Promise<string> {
  const topic = randomName("topic");
  const admin = await connectedAdmin();
  await admin.createTopics({
    topics: [{ topic, numPartitions }],
    waitForLeaders: true,
  });

  return topic;
}

async function connectedAdmin() {
  const admin = kafka.admin();
  openClients.push(admin);
  await admin.connect();

  return admin;
}

async function connectedProducer(): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  openClients.push(producer);
  await producer.connect();

  return producer;
}

/**
 * The producer id stamped on the message's record batch. kafkajs exposes the
 * batch header on each message without declaring it in its types.
 */
function producerIdOf(message: KafkaMessage): string {
  const { batchContext } = message as {
    batchContext?: { producerId?: unknown };
  };

  return String(batchContext?.producerId);
}

function valuesOf(received: Received[]): string[] {
  return received.map(({ message }) => message.value?.toString() ?? "");
}

function randomName(prefix: string): string {
  return `kafkajs-compat-${prefix}-${randomUUID()}`;
}

async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadlineMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
