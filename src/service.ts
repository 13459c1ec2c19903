import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

import { allHandlers } from "../handlers/index.ts";
import { QueryPluginScheduler } from "../handlers/queryPluginScheduler.ts";
import { authorizeRoutes } from "./authorize/authorizeRoutes.ts";
import type { Config } from "./config.ts";
import type { HandlerDeps } from "./handle/handler.ts";
import { startPipeline, type Pipeline } from "./handle/startPipeline.ts";
import { createLogger, type Logger } from "./logger.ts";
import { callbackRouter } from "./receive/callbackRouter.ts";
import type { Db } from "./store/db.ts";
import { leaseOwner } from "./store/leases.ts";
import { openDb } from "./store/openDb.ts";
import { PushRecorder, type PushWriter } from "./store/pushRecorder.ts";
import { storePushes } from "./store/storePushes.ts";
import { AuthorizerTokens } from "./wechat/authorizerTokens.ts";
import { ComponentApi } from "./wechat/componentApi.ts";
import { ComponentTokens } from "./wechat/componentTokens.ts";
import { SingleRefresher } from "./wechat/singleRefresher.ts";
import { TicketWatch } from "./wechat/ticketWatch.ts";
import { defaultBackoff } from "./wechat/backoff.ts";
import { WeChatClient } from "./wechat/wechatClient.ts";

export interface Service {
  /** Base URL the HTTP server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  db: Db;
  logger: Logger;
  /** Runs by itself in the worker role; tests may also call tick(). */
  scheduler: QueryPluginScheduler;
  ticketWatch: TicketWatch;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  now?: () => number;
}

/**
 * Starts everything the config asks for: the store, the WeChat client, the
 * pipeline (Kafka or embedded) and the HTTP server, which listens last so
 * that /healthz answering means the service is ready.
 */
export async function startService(
  config: Config,
  options: ServiceOptions = {},
): Promise<Service> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const db = await openDb(config.databaseUrl);

  const client = new WeChatClient({
    baseUrl: config.wechatApiBaseUrl,
    timeoutMs: config.wechatTimeoutMs,
    backoff: { ...defaultBackoff, baseDelayMs: config.wechatRetryBaseDelayMs },
    logger,
  });
  const refresher = new SingleRefresher(db, leaseOwner(), now);
  const common = { db, client, refresher, logger, now };
  let ticketWatch: TicketWatch | undefined;
  const componentTokens = new ComponentTokens({
    ...common,
    componentAppId: config.componentAppId,
    componentAppSecret: config.componentAppSecret,
    onTicketMissing: () => void ticketWatch?.requestResume(),
  });
  const authorizerTokens = new AuthorizerTokens({
    ...common,
    componentTokens,
    componentAppId: config.componentAppId,
  });
  const api = new ComponentApi({
    client,
    componentTokens,
    authorizerTokens,
    componentAppId: config.componentAppId,
  });
  const handlerDeps = {
    db,
    api,
    componentAppId: config.componentAppId,
    queryPlugin: config.queryPlugin,
    logger,
    now,
  };
  const handlers = allHandlers(handlerDeps);
  ticketWatch = new TicketWatch({
    ...handlerDeps,
    componentAppSecret: config.componentAppSecret,
  });
  const scheduler = new QueryPluginScheduler(handlerDeps);

  let pipeline: Pipeline;
  try {
    pipeline = await startPipeline({ config, db, handlers, logger, now });
  } catch (error) {
    await db.close();
    throw error;
  }
  if (config.roles.worker) {
    ticketWatch.start();
    scheduler.start();
  }
  const writePushes: PushWriter = (pushes, nowMs) =>
    db.transaction((tx) => storePushes(tx, pushes, nowMs));
  const recorder = new PushRecorder(writePushes, logger, now, () =>
    pipeline.wake(),
  );
  const server = await listen(config, recorder, handlerDeps);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info(
    { host: config.host, port, kafka: config.kafka !== null },
    "service ready",
  );

  return {
    url,
    db,
    logger,
    scheduler,
    ticketWatch,
    async stop() {
      server.closeAllConnections();
      server.close();
      ticketWatch.stop();
      await scheduler.stop();
      await pipeline.stop();
      await db.close();
    },
  };
}

async function listen(
  config: Config,
  recorder: PushRecorder,
  deps: HandlerDeps,
): Promise<Server> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  if (config.roles.receiver) {
    app.use(callbackRouter(config, recorder, deps.logger, deps.now));
    app.use(authorizeRoutes(config, deps));
  }

  const server = app.listen(config.port, config.host);
  // WeChat sends small bodies at once; a trickling one is not WeChat.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await once(server, "listening");
  return server;
}
