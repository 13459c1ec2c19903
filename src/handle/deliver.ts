import { isRetriable, isServiceError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Queryable } from "../store/db.ts";
import type { Handler, PipelineMessage } from "./handler.ts";

/**
 * Runs one handler on one message. A retriable failure is thrown back so the
 * runner delivers the message again later; any other failure is recorded in
 * dead_letter (for a person to look at) and the pipeline moves on.
 */
export async function deliver(
  handler: Handler,
  message: PipelineMessage,
  deps: { db: Queryable; logger: Logger; now: () => number },
): Promise<void> {
  const log = {
    handler: handler.name,
    topic: message.topic,
    key: message.key,
    eventId: message.event.eventId,
    ...message.position,
  };
  try {
    await handler.handle(message);
  } catch (error) {
    const code = isServiceError(error) ? error.code : "UNEXPECTED";
    if (isRetriable(error)) {
      // Our own setup is wrong: a person must act, so say it loudly.
      const level = code === "WECHAT_CONFIGURATION" ? "error" : "warn";
      deps.logger[level]({ ...log, code, err: error }, "handler will retry");
      throw error;
    }

    deps.logger.error({ ...log, code, err: error }, "handler dead-lettered");
    await deps.db.execute(
      `INSERT INTO dead_letter (consumer, topic, message_key, value,
         error_code, error_message, failed_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        handler.name,
        message.topic,
        message.key,
        JSON.stringify(message.event),
        code,
        (error as Error).message ?? String(error),
        deps.now(),
      ],
    );
  }
}
