import { setTimeout as sleep } from "node:timers/promises";
import {
  buildPushRequest,
  type PushRequest,
  type PushSigner,
  type PushTamper,
} from "./buildPushRequest.ts";
import type { SandboxLogger } from "./sandboxLogger.ts";

export interface PushOptions {
  /** Deliver the very same request a second time, as WeChat may. */
  twice?: boolean;
  tamper?: PushTamper;
  /** Tries per delivery; overrides the pusher's default. */
  attempts?: number;
  retryDelayMs?: number;
}

export interface PushResult {
  /** HTTP status of the last try; 0 when no answer came. */
  status: number;
  body: string;
  /** Tries used by the last delivery. */
  attempts: number;
  deliveries: number;
  /** Why the last try got no answer, when it got none. */
  error?: string;
}

export interface WeChatPusherConfig extends PushSigner {
  callbackUrl: () => string | undefined;
  nowMs: () => number;
  attempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  logger: SandboxLogger;
}

export interface WeChatPusher {
  push(xml: string, options?: PushOptions): Promise<PushResult>;
}

// WeChat waits 5 s between tries and tries 3 times for account messages;
// for authorization events nothing is documented, so the same is assumed.
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 5000;
const DEFAULT_TIMEOUT_MS = 5000;

type TryOutcome = Pick<PushResult, "status" | "body" | "error">;

async function tryOnce(
  url: string,
  request: PushRequest,
  timeoutMs: number,
): Promise<TryOutcome> {
  const target = new URL(url);
  for (const [name, value] of request.query) {
    target.searchParams.set(name, value);
  }
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    // A refused or timed-out try is a failed try, to be retried like a 500.
    return { status: 0, body: "", error: (error as Error).message };
  }
}

function accepted(outcome: TryOutcome): boolean {
  const ok = outcome.status >= 200 && outcome.status < 300;

  return ok && outcome.body.trim() === "success";
}

/** Signs pushes and POSTs them to the authorization event URL. */
export function createWeChatPusher(config: WeChatPusherConfig): WeChatPusher {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function deliver(
    url: string,
    request: PushRequest,
    attempts: number,
    retryDelayMs: number,
  ): Promise<PushResult> {
    let outcome: TryOutcome = { status: 0, body: "" };
    let tries = 0;
    while (tries < attempts) {
      if (tries > 0) await sleep(retryDelayMs);
      tries += 1;
      outcome = await tryOnce(url, request, timeoutMs);
      config.logger.info(
        { status: outcome.status, attempt: tries, error: outcome.error },
        "push attempt answered",
      );
      if (accepted(outcome)) break;
    }

    return { ...outcome, attempts: tries, deliveries: 1 };
  }

  async function push(xml: string, options: PushOptions = {}) {
    const url = config.callbackUrl();
    if (url === undefined) {
      throw new Error(
        "no callback URL is set: pass callbackUrl to the sandbox or call " +
          "setCallbackUrl() before pushing",
      );
    }
    const attempts = Math.max(
      1,
      options.attempts ?? config.attempts ?? DEFAULT_ATTEMPTS,
    );
    const retryDelayMs =
      options.retryDelayMs ?? config.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    const nowSeconds = Math.floor(config.nowMs() / 1000);
    const request = buildPushRequest(config, xml, nowSeconds, options.tamper);

    const first = await deliver(url, request, attempts, retryDelayMs);
    if (options.twice !== true) return first;
    const second = await deliver(url, request, attempts, retryDelayMs);

    return { ...second, deliveries: 2 };
  }

  return { push };
}
