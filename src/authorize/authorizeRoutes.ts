import { setTimeout as sleep } from "node:timers/promises";
import express, { type Request, type Response } from "express";

import {
  exchangeAuthorizationCode,
  type ExchangeResult,
} from "../../handlers/exchangeAuthorizationCode.ts";
import type { Config } from "../config.ts";
import { isServiceError, ServiceError } from "../errors.ts";
import type { HandlerDeps } from "../handle/handler.ts";
import { derivedEventId } from "../publish/events.ts";
import { codeHash, exchangedFor } from "../store/authorizationCodes.ts";
import { loadAuthorizer } from "../store/authorizers.ts";
import { isWeChatError } from "../wechat/wechatError.ts";
import { authorizationPageUrl, platformOf } from "./authorizationPageUrl.ts";
import { isValidLinkState, signLinkState } from "./linkState.ts";
import { rateLimiter } from "./rateLimiter.ts";
import { errorPage, resultPage } from "./resultPage.ts";

export const AUTHORIZE_PATH = "/wechat/component/authorize";
export const AUTHORIZED_PATH = "/wechat/component/authorized";
/** How long the merchant's page waits for a push exchanging the code. */
const WAIT_FOR_OTHER_EXCHANGE_MS = 5_000;
/** Per client address; a merchant needs two or three. */
const VISITS_PER_MINUTE = 20;

/**
 * The merchant-facing half of onboarding: a link that sends the merchant's
 * admin to WeChat's authorization page, and the page WeChat sends the
 * browser back to with `auth_code`.
 */
export function authorizeRoutes(
  config: Config,
  deps: HandlerDeps,
): express.Router {
  const router = express.Router();
  const allowed = rateLimiter(VISITS_PER_MINUTE, Date.now);
  router.use([AUTHORIZE_PATH, AUTHORIZED_PATH], (req, _res, next) => {
    if (allowed(req.ip ?? "unknown")) return next();
    next(new ServiceError("RATE_LIMITED", "Too many visits; wait a minute"));
  });

  router.get(AUTHORIZE_PATH, async (req, res) => {
    if (!config.publicBaseUrl) {
      throw new ServiceError(
        "CONFIG_INVALID",
        "PUBLIC_BASE_URL is not set, so WeChat could not send the merchant back",
      );
    }
    const bizAppId =
      typeof req.query.biz_appid === "string" ? req.query.biz_appid : undefined;
    if (bizAppId !== undefined && !/^wx[0-9a-zA-Z]{16}$/.test(bizAppId)) {
      throw new ServiceError("QUERY_INVALID", "biz_appid must be an appid");
    }

    const { preAuthCode } = await deps.api.createPreAuthCode();
    const target = authorizationPageUrl({
      platform: platformOf(req.query.platform, req.get("user-agent")),
      mpBaseUrl: config.wechatMpBaseUrl,
      openBaseUrl: config.wechatOpenBaseUrl,
      componentAppId: config.componentAppId,
      preAuthCode,
      redirectUri:
        `${config.publicBaseUrl}${AUTHORIZED_PATH}?state=` +
        signLinkState(config.componentAppSecret, deps.now()),
      categoryIds: config.authorizeCategoryIds,
      bizAppId,
    });
    res.set("cache-control", "no-store").redirect(302, target);
  });

  router.get(AUTHORIZED_PATH, async (req, res) => {
    const authCode = req.query.auth_code;
    if (typeof authCode !== "string" || !authCode || authCode.length > 512) {
      throw new ServiceError("QUERY_INVALID", "auth_code is missing");
    }
    if (
      !isValidLinkState(config.componentAppSecret, req.query.state, deps.now())
    ) {
      throw new ServiceError(
        "QUERY_INVALID",
        "state is missing, forged or older than an hour",
      );
    }

    // WeChat's clock may run behind ours by up to the push tolerance; this
    // grant must not look newer than a revocation WeChat sends after it.
    const createTime =
      Math.floor(deps.now() / 1000) - config.callbackToleranceSeconds;
    const authorizerAppId = await exchangeOnce(deps, authCode, createTime);
    const authorizer = await loadAuthorizer(deps.db, authorizerAppId);
    res
      .set("cache-control", "no-store")
      .type("html")
      .send(
        resultPage({
          authorizerAppId,
          funcScopeIds: authorizer?.funcScopeIds ?? [],
          retryUrl: AUTHORIZE_PATH,
        }),
      );
  });

  router.use([AUTHORIZE_PATH, AUTHORIZED_PATH], pageErrors(deps));
  return router;
}

/** Exchanges the code, or waits for the push that is exchanging it. */
async function exchangeOnce(
  deps: HandlerDeps,
  authCode: string,
  createTime: number,
): Promise<string> {
  const deadlineMs = Date.now() + WAIT_FOR_OTHER_EXCHANGE_MS;
  for (;;) {
    let result: ExchangeResult | undefined;
    try {
      result = await exchangeAuthorizationCode(deps, {
        authorizationCode: authCode,
        createTime,
        causeEventId: derivedEventId(codeHash(authCode), "redirect"),
        reason: "authorized",
      });
    } catch (error) {
      const busy = isServiceError(error) && error.code === "WECHAT_TRANSIENT";
      if (!busy || Date.now() > deadlineMs) throw error;
    }
    if (result && "authorizerAppId" in result) return result.authorizerAppId;
    if (result) {
      const appId = await exchangedFor(deps.db, authCode);
      if (appId) return appId;
    }
    await sleep(200);
  }
}

function pageErrors(deps: HandlerDeps) {
  return (error: unknown, _req: Request, res: Response, _next: unknown) => {
    const expired = isWeChatError(error, 61009) || isWeChatError(error, 61010);
    const code = isServiceError(error) ? error.code : "UNEXPECTED";
    const status = expired
      ? 400
      : isServiceError(error)
        ? error.httpStatus
        : 500;
    deps.logger[status >= 500 ? "error" : "warn"](
      { err: error, code },
      "authorization page failed",
    );
    res
      .status(status)
      .type("html")
      .send(
        errorPage("Authorization", expired ? pageText.expired : textFor(code)),
      );
  };
}

const pageText = {
  expired: "This authorization has expired. Please start again from the link.",
  invalid: "This address is not valid. Please start again from the link.",
  busy: "Too many attempts. Please wait a minute and try again.",
  notReady:
    "The service is not ready yet (it is waiting for WeChat). " +
    "Try again in a few minutes.",
  broken: "Something went wrong on our side. Please try again later.",
};

function textFor(code: string): string {
  switch (code) {
    case "QUERY_INVALID":
      return pageText.invalid;
    case "RATE_LIMITED":
      return pageText.busy;
    case "TICKET_MISSING":
    case "CONFIG_INVALID":
      return pageText.notReady;
    default:
      return pageText.broken;
  }
}
