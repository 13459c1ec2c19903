import express, {
  type Request,
  type Response,
  type NextFunction,
} from "express";

import type { Config } from "../config.ts";
import { authorizerOf } from "../parse/componentPush.ts";
import { ServiceError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { PushRecorder } from "../store/pushRecorder.ts";
import { acceptPush } from "./acceptPush.ts";

export const CALLBACK_PATH = "/wechat/component/callback";

/**
 * WeChat's authorization event URL. The body is read raw (capped) because
 * the signature covers the Encrypt text exactly as sent.
 */
export function callbackRouter(
  config: Config,
  recorder: PushRecorder,
  logger: Logger,
  now: () => number = Date.now,
): express.Router {
  const router = express.Router();
  const rawBody = express.raw({
    type: () => true,
    limit: config.callbackMaxBodyBytes,
  });

  router.post(CALLBACK_PATH, rawBody, async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const push = await acceptPush(config, req.query, body, now());

    const { duplicate } = await recorder.record(push);
    logger.info(
      {
        eventId: push.eventId,
        infoType: push.infoType,
        authorizerAppId: authorizerOf(push) ?? null,
        duplicate,
      },
      "push stored",
    );

    res.type("text/plain").send("success");
  });

  router.use(CALLBACK_PATH, refusalHandler(logger));
  return router;
}

/** Answers a refused push with its status and a reason, never its content. */
function refusalHandler(logger: Logger) {
  return (
    error: unknown,
    _req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    const refusal = asServiceError(error);
    const level = refusal.httpStatus >= 500 ? "error" : "warn";

    logger[level]({ code: refusal.code, err: refusal }, "push refused");
    res
      .status(refusal.httpStatus)
      .type("text/plain")
      .send(`${refusal.code}: ${refusal.message}`);
  };
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const status = (error as { status?: number; type?: string }).status;
  if (status === 413) {
    return new ServiceError(
      "BODY_TOO_LARGE",
      "The push body is larger than CALLBACK_MAX_BODY_BYTES allows",
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new ServiceError(
      "BODY_UNREADABLE",
      "The push body could not be read",
      {
        cause: error,
      },
    );
  }
  return new ServiceError(
    "STORE_UNAVAILABLE",
    "The push could not be handled; WeChat will send it again",
    { cause: error },
  );
}
