import { randomBytes } from "node:crypto";
import { Kafka, logLevel, type KafkaMessage } from "kafkajs";
import { afterEach, expect, it } from "vitest";

import { startStack, type Stack } from "../support/startStack.ts";
import { credentials } from "../support/testConfig.ts";
import { waitFor } from "../support/waitFor.ts";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

it("publishes every step to Kafka, keyed by authorizer, with no secret in any message", async () => {
  stack = await startStack("kafka");
  const ticket = await stack.sandbox.pushTicket();
  const appId = "wxkafkakafkakafka1";
  const grant = await stack.sandbox.authorize({
    authorizerAppid: appId,
    funcScopeIds: [45, 17],
  });

  // Another team's consumer: its own group, reading all three topics.
  const kafka = new Kafka({
    brokers: stack.env.KAFKA_BROKERS!.split(","),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `other-team-${randomBytes(4).toString("hex")}`,
    maxWaitTimeInMs: 250,
  });
  const seen: Array<{ topic: string; message: KafkaMessage }> = [];
  await consumer.connect();
  await consumer.subscribe({
    topics: [
      "authorization-events",
      "permission-changes",
      "query-plugin-outcomes",
    ].map((topic) => stack!.topicPrefix + topic),
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) =>
      void seen.push({ topic, message }),
  });
  try {
    await waitFor(() => seen.length >= 3, "three messages on the three topics");
  } finally {
    await consumer.disconnect();
  }

  expect(
    seen.map((entry) => entry.topic.slice(stack!.topicPrefix.length)).sort(),
  ).toEqual([
    "authorization-events",
    "permission-changes",
    "query-plugin-outcomes",
  ]);
  for (const { message } of seen) {
    expect(message.key?.toString()).toBe(appId);
    expect(message.headers?.["schema-version"]?.toString()).toBe("1");
    expect(JSON.parse(message.value!.toString())).toMatchObject({
      schemaVersion: 1,
      authorizerAppId: appId,
    });
  }

  const [stored] = await stack.service.db.query<{
    accessToken: string;
    refreshToken: string;
  }>(
    `SELECT access_token AS "accessToken", refresh_token AS "refreshToken" FROM authorizer`,
  );
  const secrets = [
    ticket.ticket,
    grant.authorizationCode,
    grant.preAuthCode,
    stored!.accessToken,
    stored!.refreshToken,
    credentials.appSecret,
    credentials.encodingAesKey,
  ];
  const everything = seen
    .map(({ message }) => message.value!.toString())
    .join("\n");
  for (const secret of secrets) expect(everything).not.toContain(secret);
  const logs = stack.logLines.join("\n");
  for (const secret of secrets) expect(logs).not.toContain(secret);
});
