import type { Request } from "express";
import type { ApiDefinition } from "./apiDefinition.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { TokenCheck } from "./tokenStore.ts";

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

/** What the sandbox reads from a call before deciding anything. */
export function readApiCall(
  api: ApiDefinition,
  context: SandboxContext,
  request: Request,
) {
  const parsed = parseBody(request.body);
  const check = checkToken(api, context, request);
  const tokenId =
    check === null ? null : check.ok ? check.token.id : check.tokenId;

  return { parsed, check, tokenId };
}

export type ReadApiCall = ReturnType<typeof readApiCall>;
