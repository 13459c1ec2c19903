import express, {
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from "express";
import type { AuthorizeInput } from "./authorizeAccount.ts";
import { badDayRoutes } from "./badDayRoutes.ts";
import type { XmlFields } from "./pushXml.ts";
import {
  grantPush,
  pushOptions,
  text,
  type Body,
  type Route,
} from "./routeBody.ts";
import type { SandboxScripting } from "./sandboxScripting.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

// The ticket value stays out of HTTP answers; the push carries it.
function postRoutes(sandbox: SandboxScripting): Record<string, Route> {
  return {
    "push-ticket": async (body) => {
      const { ticketId, push } = await sandbox.pushTicket({
        sameValue: body.sameValue === true,
        push: pushOptions(body),
      });
      return { ticketId, push };
    },
    authorize: (body) =>
      sandbox.authorize(body as unknown as AuthorizeInput, grantPush(body)),
    unauthorize: (body) =>
      sandbox.unauthorize(text(body, "authorizerAppid"), pushOptions(body)),
    "push-other": (body) =>
      sandbox.pushOther(
        text(body, "infoType"),
        (body.fields ?? {}) as XmlFields,
        pushOptions(body),
      ),
    "script-answer": (body) =>
      sandbox.scriptAnswer(text(body, "path"), body.errcodes as number[]),
    "script-query-plugin": (body) =>
      sandbox.scriptQueryPlugin(
        text(body, "authorizerAppid"),
        (body.errcode ?? null) as number | null,
      ),
    "accept-query-plugin": (body) =>
      sandbox.acceptQueryPlugin(text(body, "authorizerAppid")),
    "callback-url": (body) =>
      sandbox.setCallbackUrl(body.url === null ? undefined : text(body, "url")),
    "advance-clock": (body) => {
      sandbox.advanceClock(Number(body.ms));
      return { nowMs: sandbox.nowMs() };
    },
  };
}

function answer(route: Route) {
  return async (request: Request, response: Response) => {
    const body: unknown = request.body;
    const isObject = typeof body === "object" && body !== null;
    const result = await route(isObject ? (body as Body) : {});
    response.json(result ?? { ok: true });
  };
}

function scriptErrors(
  error: unknown,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (error instanceof SandboxScriptError) {
    response.status(400).json({ error: error.message });
    return;
  }
  next(error);
}

/** The scripting methods over HTTP, under /sandbox, for other processes. */
export function scriptingRoutes(sandbox: SandboxScripting): Router {
  const router = express.Router();
  router.use(express.json({ limit: "64kb" }));
  const routes = { ...postRoutes(sandbox), ...badDayRoutes(sandbox) };
  for (const [name, route] of Object.entries(routes)) {
    router.post(`/${name}`, answer(route));
  }
  router.get("/calls", (_request, response) => {
    response.json({ calls: sandbox.calls() });
  });
  router.delete("/calls", (_request, response) => {
    sandbox.clearCalls();
    response.json({ ok: true });
  });
  router.delete("/random-errors", (_request, response) => {
    sandbox.randomErrors(null);
    response.json({ ok: true });
  });
  router.get("/authorizers", (_request, response) => {
    response.json({ authorizers: sandbox.authorizers() });
  });
  router.use(scriptErrors);

  return router;
}
