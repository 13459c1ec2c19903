import { setTimeout as sleepMs } from "node:timers/promises";

import { ServiceError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import {
  backoffDelayMs,
  defaultBackoff,
  type BackoffPolicy,
} from "./backoff.ts";
import { classifyErrcode } from "./errcodes.ts";
import { WeChatError } from "./wechatError.ts";

export interface WeChatClientOptions {
  baseUrl: string;
  timeoutMs: number;
  logger: Logger;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface PostOptions {
  /**
   * Runs before every HTTP request, retries included; throwing stops the
   * call. Quotas that count calls, not intents, hook in here.
   */
  beforeAttempt?: () => Promise<void>;
}

/** The query-string credential an API takes, if any. */
export interface TokenParam {
  name: "component_access_token" | "access_token";
  value: string;
}

/**
 * POSTs JSON to WeChat. Transient failures (errcode -1, timeouts, network
 * errors, HTTP 5xx) are retried here with bounded backoff, and nowhere else.
 * Any other non-zero errcode is thrown as a WeChatError for the caller.
 */
export class WeChatClient {
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly options: WeChatClientOptions) {
    this.backoff = options.backoff ?? defaultBackoff;
    this.sleep = options.sleep ?? sleepMs;
  }

  async post<T extends object>(
    api: string,
    body: object,
    token?: TokenParam,
    options: PostOptions = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let failure: ServiceError;
      await options.beforeAttempt?.();
      try {
        return await this.postOnce<T>(api, body, token);
      } catch (error) {
        const transient =
          error instanceof ServiceError && error.code === "WECHAT_TRANSIENT";
        if (!transient || attempt >= this.backoff.maxAttempts) throw error;
        failure = error;
      }

      const delayMs = backoffDelayMs(this.backoff, attempt);
      this.options.logger.warn(
        { api, attempt, delayMs, reason: failure.message },
        "wechat call retried",
      );
      await this.sleep(delayMs);
    }
  }

  private async postOnce<T extends object>(
    api: string,
    body: object,
    token?: TokenParam,
  ): Promise<T> {
    const url = new URL(this.options.baseUrl + api);
    if (token) url.searchParams.set(token.name, token.value);

    const startedMs = Date.now();
    let answer: Record<string, unknown>;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (response.status >= 500) {
        throw new Error(`HTTP ${response.status}`);
      }
      answer = (await response.json()) as Record<string, unknown>;
    } catch (cause) {
      throw new ServiceError(
        "WECHAT_TRANSIENT",
        `WeChat ${api} did not answer usable JSON within ` +
          `${this.options.timeoutMs}ms: ${describe(cause)}`,
        { cause, details: { api } },
      );
    }

    const errcode = typeof answer.errcode === "number" ? answer.errcode : 0;
    this.options.logger.debug(
      { api, errcode, durationMs: Date.now() - startedMs },
      "wechat call",
    );
    if (errcode === 0) return answer as T;

    const errmsg = typeof answer.errmsg === "string" ? answer.errmsg : "";
    if (classifyErrcode(errcode) === "transient") {
      throw new ServiceError(
        "WECHAT_TRANSIENT",
        `WeChat ${api} answered errcode ${errcode} (${errmsg})`,
        { details: { api, errcode } },
      );
    }
    throw new WeChatError(api, errcode, errmsg);
  }
}

/** A failure's gist without its stack or any URL (URLs carry tokens). */
function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  return cause.name === "TimeoutError" ? "timed out" : cause.message;
}
