import type { Request, RequestHandler } from "express";
import type { ApiAnswer, ApiDefinition } from "./apiDefinition.ts";
import { redactBody } from "./callLog.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { TokenCheck } from "./tokenStore.ts";
import { apiError } from "./wechatErrors.ts";

interface Outcome {
  answer: ApiAnswer;
  body: Record<string, unknown> | null;
  tokenId: string | null;
  scripted: boolean;
}

type ParsedBody = { body: Record<string, unknown> } | { errcode: number };

function parseBody(raw: unknown): ParsedBody {
  const text = typeof raw === "string" ? raw : "";
  if (text.trim() === "") return { errcode: 44002 };
  try {
    const body: unknown = JSON.parse(text);
    const isObject =
      typeof body === "object" && body !== null && !Array.isArray(body);
    return isObject
      ? { body: body as Record<string, unknown> }
      : { errcode: 47001 };
  } catch {
    return { errcode: 47001 };
  }
}

function queryText(request: Request, name: string): string | undefined {
  const value: unknown = request.query[name];

  return typeof value === "string" ? value : undefined;
}

function checkToken(
  api: ApiDefinition,
  context: SandboxContext,
  request: Request,
): TokenCheck | null {
  if (api.token === null) return null;
  const value = queryText(request, api.token.param);

  return context.tokens.check(value, api.token.kind);
}

function decide(
  api: ApiDefinition,
  context: SandboxContext,
  request: Request,
): Outcome {
  const parsed = parseBody(request.body);
  if ("errcode" in parsed) {
    const answer = apiError(parsed.errcode, "send a JSON object body");
    return { answer, body: null, tokenId: null, scripted: false };
  }
  const body = parsed.body;

  const check = checkToken(api, context, request);
  const tokenId =
    check === null ? null : check.ok ? check.token.id : check.tokenId;

  const scriptedErrcode = context.scripted.next(api.path);
  if (scriptedErrcode !== undefined && scriptedErrcode !== 0) {
    const answer = apiError(scriptedErrcode);
    return { answer, body, tokenId, scripted: true };
  }
  if (check !== null && !check.ok) {
    const answer = apiError(check.errcode, `check ${api.token?.param}`);
    return { answer, body, tokenId, scripted: false };
  }

  const token = check === null ? null : check.token;
  const answer = api.answer({ body, token }, context);
  return { answer, body, tokenId, scripted: false };
}

/** Names the access token an answer hands out, so tests can follow it. */
function issuedTokenId(answer: ApiAnswer, context: SandboxContext) {
  const info = answer.authorization_info as Record<string, unknown> | undefined;
  const component = answer.component_access_token;
  const authorizer =
    answer.authorizer_access_token ?? info?.authorizer_access_token;
  const check =
    typeof component === "string"
      ? context.tokens.check(component, "component")
      : typeof authorizer === "string"
        ? context.tokens.check(authorizer, "authorizer")
        : null;

  return check?.ok ? check.token.id : null;
}

/** Express handler: decide, record in the call log, answer with HTTP 200. */
export function answerApiCall(
  api: ApiDefinition,
  context: SandboxContext,
): RequestHandler {
  return (request, response) => {
    const outcome = decide(api, context, request);
    const errcode =
      typeof outcome.answer.errcode === "number" ? outcome.answer.errcode : 0;

    context.callLog.record({
      path: api.path,
      body: outcome.body === null ? null : redactBody(outcome.body),
      tokenId: outcome.tokenId,
      issuedTokenId: issuedTokenId(outcome.answer, context),
      errcode,
      scripted: outcome.scripted,
      atMs: context.clock.nowMs(),
    });
    context.logger.info(
      { path: api.path, tokenId: outcome.tokenId, errcode },
      "api call answered",
    );

    response.status(200).json(outcome.answer);
  };
}
