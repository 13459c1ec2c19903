import type { Request, RequestHandler } from "express";
import type { ApiAnswer, ApiDefinition } from "./apiDefinition.ts";
import { redactBody, type SandboxCall } from "./callLog.ts";
import { refuseUnlistedIp } from "./ipWhitelist.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import { readApiCall, type ReadApiCall } from "./readApiCall.ts";
import { apiError } from "./wechatErrors.ts";

interface Outcome {
  answer: ApiAnswer;
  scripted: boolean;
  injected: SandboxCall["injected"];
}

// The order: IP whitelist, body, scriptAnswer(), randomErrors(), token, API.
// Only the last step can take effect; the ones before it answer an error.
function decide(
  api: ApiDefinition,
  context: SandboxContext,
  request: Request,
  { parsed, check }: ReadApiCall,
): Outcome {
  const plain = { scripted: false, injected: null };
  const remoteAddress = request.socket.remoteAddress;
  const ipRefusal = refuseUnlistedIp(context.ipWhitelist, remoteAddress);
  if (ipRefusal !== null) {
    return { answer: ipRefusal, scripted: false, injected: "ipWhitelist" };
  }
  if ("errcode" in parsed) {
    return { ...plain, answer: apiError(parsed.errcode, "send a JSON object") };
  }

  const scriptedErrcode = context.scripted.next(api.path);
  if (scriptedErrcode !== undefined && scriptedErrcode !== 0) {
    return { ...plain, answer: apiError(scriptedErrcode), scripted: true };
  }
  const randomErrcode = context.randomErrors.draw(api.path);
  if (randomErrcode !== undefined) {
    const answer = apiError(randomErrcode);
    return { answer, scripted: false, injected: "randomErrors" };
  }
  if (check !== null && !check.ok) {
    const answer = apiError(check.errcode, `check ${api.token?.param}`);
    return { ...plain, answer };
  }

  const token = check === null ? null : check.token;
  return {
    ...plain,
    answer: api.answer({ body: parsed.body, token }, context),
  };
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

function recordCall(
  context: SandboxContext,
  api: ApiDefinition,
  seen: ReadApiCall,
  call: Pick<SandboxCall, "errcode" | "issuedTokenId" | "atMs"> &
    Partial<SandboxCall>,
): void {
  const entry: SandboxCall = {
    kind: "api",
    path: api.path,
    body: "body" in seen.parsed ? redactBody(seen.parsed.body) : null,
    query: null,
    tokenId: seen.tokenId,
    status: 200,
    scripted: false,
    injected: null,
    delayMs: null,
    dropped: null,
    ...call,
  };
  context.callLog.record(entry);
  context.logger.info(
    {
      path: api.path,
      tokenId: entry.tokenId,
      errcode: entry.errcode,
      injected: entry.injected ?? undefined,
      delayMs: entry.delayMs ?? undefined,
      dropped: entry.dropped ?? undefined,
    },
    "api call answered",
  );
}

/**
 * Express handler: take the call's network fault if one is scripted, decide,
 * record in the call log, then answer with HTTP 200, later, or not at all.
 */
export function answerApiCall(
  api: ApiDefinition,
  context: SandboxContext,
): RequestHandler {
  return (request, response) => {
    const atMs = context.clock.nowMs();
    const fault = context.networkFaults.next(api.path);
    const seen = readApiCall(api, context, request);
    if (fault?.kind === "drop") {
      recordCall(context, api, seen, {
        errcode: null,
        issuedTokenId: null,
        status: null,
        dropped: "beforeEffect",
        atMs,
      });
      request.socket.destroy();
      return;
    }

    const outcome = decide(api, context, request, seen);
    const errcode =
      typeof outcome.answer.errcode === "number" ? outcome.answer.errcode : 0;
    const dropped = fault?.kind === "dropAfterEffect";
    const delayMs = fault?.kind === "delay" ? fault.delayMs : null;
    recordCall(context, api, seen, {
      errcode,
      issuedTokenId: issuedTokenId(outcome.answer, context),
      status: dropped ? null : 200,
      scripted: outcome.scripted,
      injected: outcome.injected,
      delayMs,
      dropped: dropped ? "afterEffect" : null,
      atMs,
    });

    if (dropped) {
      request.socket.destroy();
      return;
    }
    const send = () => {
      if (!request.socket.destroyed) response.status(200).json(outcome.answer);
    };
    if (delayMs === null) send();
    else context.timers.after(delayMs, async () => send());
  };
}
