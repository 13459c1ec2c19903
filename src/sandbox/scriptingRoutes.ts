import express, {
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from "express";
import type { AuthorizeInput } from "./authorizeAccount.ts";
import { PUSH_TAMPERS, type PushTamper } from "./buildPushRequest.ts";
import type { XmlFields } from "./pushXml.ts";
import type { SandboxScripting } from "./sandboxScripting.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { PushOptions } from "./wechatPusher.ts";

type Body = Record<string, unknown>;
type Route = (body: Body) => unknown;

function text(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") {
    throw new SandboxScriptError(`"${name}" must be a non-empty string`);
  }

  return value;
}

function pushOptions(body: Body): PushOptions | undefined {
  const value = body.push;
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) {
    throw new SandboxScriptError('"push" must be an object');
  }
  const options = value as PushOptions;
  const tamper = options.tamper;
  if (tamper !== undefined && !PUSH_TAMPERS.includes(tamper as PushTamper)) {
    throw new SandboxScriptError(`"tamper" must be one of ${PUSH_TAMPERS}`);
  }

  return options;
}

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
      sandbox.authorize(body as unknown as AuthorizeInput, pushOptions(body)),
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
  for (const [name, route] of Object.entries(postRoutes(sandbox))) {
    router.post(`/${name}`, answer(route));
  }
  router.get("/calls", (_request, response) => {
    response.json({ calls: sandbox.calls() });
  });
  router.delete("/calls", (_request, response) => {
    sandbox.clearCalls();
    response.json({ ok: true });
  });
  router.get("/authorizers", (_request, response) => {
    response.json({ authorizers: sandbox.authorizers() });
  });
  router.use(scriptErrors);

  return router;
}
