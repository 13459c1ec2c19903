/**
 * The pipeline's topics, by their logical names. The outbox stores logical
 * names; KAFKA_TOPIC_PREFIX turns them into Kafka topic names on the way out.
 */
export const topics = {
  /** Every authorization push WeChat made, once each. */
  authorizationEvents: "authorization-events",
  /** What an authorizer granted and revoked, as func_info showed it. */
  permissionChanges: "permission-changes",
  /** What became of each applyQueryPlugin call. */
  queryPluginOutcomes: "query-plugin-outcomes",
} as const;

export type Topic = (typeof topics)[keyof typeof topics];

export const allTopics: readonly Topic[] = Object.values(topics);

export function kafkaTopicName(prefix: string, topic: Topic): string {
  return `${prefix}${topic}`;
}

export function topicFromKafkaName(prefix: string, name: string): Topic {
  const topic = allTopics.find((candidate) => prefix + candidate === name);
  if (!topic) throw new Error(`Kafka topic ${name} is not one of ours`);
  return topic;
}
