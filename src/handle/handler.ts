import type { QueryPluginSettings } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { PipelineEvent } from "../publish/events.ts";
import type { Topic } from "../publish/topics.ts";
import type { Db } from "../store/db.ts";
import type { ComponentApi } from "../wechat/componentApi.ts";

/** One delivery of an event to a handler. */
export interface PipelineMessage {
  topic: Topic;
  key: string;
  event: PipelineEvent;
  /** Where it came from, for logs: "partition 2 offset 17" or "outbox 17". */
  position: Record<string, string | number>;
}

/**
 * A workflow step. Delivery is at least once, in order per key; a handler
 * must make a repeat harmless (the processed_message markers do that).
 * Throwing a retriable error has the message delivered again later; a
 * non-retriable one sends it to the dead-letter table.
 */
export interface Handler {
  /** Also the consumer name in the store and the Kafka group id suffix. */
  name: string;
  topic: Topic;
  handle(message: PipelineMessage): Promise<void>;
}

export interface HandlerDeps {
  db: Db;
  api: ComponentApi;
  componentAppId: string;
  queryPlugin: QueryPluginSettings;
  logger: Logger;
  now: () => number;
}
