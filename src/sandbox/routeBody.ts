import type { GrantPush } from "./authorizeAccount.ts";
import { PUSH_TAMPERS, type PushTamper } from "./buildPushRequest.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { PushOptions } from "./wechatPusher.ts";

/** A scripting route's JSON body, and what the route does with it. */
export type Body = Record<string, unknown>;
export type Route = (body: Body) => unknown;

export function text(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") {
    throw new SandboxScriptError(`"${name}" must be a non-empty string`);
  }

  return value;
}

export function pushOptions(body: Body): PushOptions | undefined {
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

/** `push` for a grant: push options, or "hold" to send it later. */
export function grantPush(body: Body): GrantPush | undefined {
  return body.push === "hold" ? "hold" : pushOptions(body);
}
