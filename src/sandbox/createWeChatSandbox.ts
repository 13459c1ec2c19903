import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, {
  type NextFunction,
  type Request,
  type Response,
} from "express";
import { answerApiCall } from "./answerApiCall.ts";
import {
  authorizationPage,
  MOBILE_PAGE_PATH,
  PC_PAGE_PATH,
} from "./authorizationPages.ts";
import { pushTicket } from "./pushTicket.ts";
import {
  createSandboxContext,
  type SandboxContext,
  type WeChatSandboxOptions,
} from "./sandboxContext.ts";
import {
  createSandboxScripting,
  type SandboxScripting,
} from "./sandboxScripting.ts";
import { scriptingRoutes } from "./scriptingRoutes.ts";
import { WECHAT_APIS } from "./wechatApis.ts";

export type { WeChatSandboxOptions } from "./sandboxContext.ts";

export interface WeChatSandbox extends SandboxScripting {
  /** Listens on 127.0.0.1 and a free port unless told otherwise. */
  start(port?: number, host?: string): Promise<{ baseUrl: string }>;
  stop(): Promise<void>;
}

const BODY_LIMIT = "64kb";

function unexpected(
  error: unknown,
  context: SandboxContext,
  response: Response,
): void {
  const status = (error as { status?: number }).status ?? 500;
  context.logger.warn({ status, error: (error as Error).message }, "failed");
  response.status(status).json({ errcode: -1, errmsg: "sandbox error" });
}

function buildApp(context: SandboxContext, scripting: SandboxScripting) {
  const app = express();
  // WeChat takes bodies whatever their content type, so read them as text.
  const rawText = express.text({ type: () => true, limit: BODY_LIMIT });
  for (const api of WECHAT_APIS) {
    app.post(api.path, rawText, answerApiCall(api, context));
  }
  app.get(PC_PAGE_PATH, authorizationPage("pc", context));
  app.get(MOBILE_PAGE_PATH, authorizationPage("mobile", context));
  app.use("/sandbox", scriptingRoutes(scripting));
  app.use((request: Request, response: Response) => {
    response.status(404).json({
      errcode: 404,
      errmsg: `the sandbox has no ${request.method} ${request.path}`,
    });
  });
  app.use(
    (
      error: unknown,
      _request: Request,
      response: Response,
      _next: NextFunction,
    ) => unexpected(error, context, response),
  );

  return app;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * A local WeChat: the component APIs over HTTP plus scripted pushes. The
 * behaviour chosen where WeChat's documents are silent is listed at the top
 * of main.ts.
 */
export function createWeChatSandbox(
  options: WeChatSandboxOptions,
): WeChatSandbox {
  const context = createSandboxContext(
    options,
    WECHAT_APIS.map((api) => api.path),
  );
  const scripting = createSandboxScripting(context);
  const server = createServer(buildApp(context, scripting));

  async function start(port = 0, host = "127.0.0.1") {
    await listen(server, port, host);
    const address = server.address() as AddressInfo;
    const hostPart = host.includes(":") ? `[${host}]` : host;
    const baseUrl = `http://${hostPart}:${address.port}`;
    const intervalMs = context.config.ticketPushIntervalMs;
    if (intervalMs > 0) {
      const push = () => pushTicket(context);
      context.timers.after(0, push);
      context.timers.every(intervalMs, push);
    }
    context.logger.info({ baseUrl }, "sandbox listening");

    return { baseUrl };
  }

  async function stop() {
    context.timers.clear();
    if (!server.listening) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  return { ...scripting, start, stop };
}
