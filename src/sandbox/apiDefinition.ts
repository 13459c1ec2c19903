import type { SandboxContext } from "./sandboxContext.ts";
import type { IssuedToken, TokenKind } from "./tokenStore.ts";

/** Which query parameter carries the token, and whose token it must be. */
export interface TokenRequirement {
  param: "component_access_token" | "access_token";
  kind: TokenKind;
}

export interface ApiRequest {
  body: Record<string, unknown>;
  /** The checked token, when the API takes one. */
  token: IssuedToken | null;
}

export type ApiAnswer = Record<string, unknown>;

/** One WeChat endpoint the sandbox imitates. */
export interface ApiDefinition {
  path: string;
  token: TokenRequirement | null;
  answer(request: ApiRequest, context: SandboxContext): ApiAnswer;
}

export const COMPONENT_TOKEN: TokenRequirement = {
  param: "component_access_token",
  kind: "component",
};

export const AUTHORIZER_TOKEN: TokenRequirement = {
  param: "access_token",
  kind: "authorizer",
};
