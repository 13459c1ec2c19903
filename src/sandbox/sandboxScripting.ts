import {
  authorizeAccount,
  type AuthorizeInput,
  type AuthorizeResult,
} from "./authorizeAccount.ts";
import type { SandboxCall } from "./callLog.ts";
import { deliverPush } from "./deliverPush.ts";
import { buildOtherPushXml, type XmlFields } from "./pushXml.ts";
import {
  pushTicket,
  type PushTicketOptions,
  type PushTicketResult,
} from "./pushTicket.ts";
import { acceptQueryPlugin, scriptQueryPlugin } from "./queryPlugin.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import {
  authorizerSnapshot,
  type AuthorizerSnapshot,
} from "./sandboxRecords.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import { unauthorizeAccount } from "./unauthorizeAccount.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

/** What tests, the demo and a shell can make the sandbox do. */
export interface SandboxScripting {
  pushTicket(options?: PushTicketOptions): Promise<PushTicketResult>;
  authorize(
    input: AuthorizeInput,
    pushOptions?: PushOptions,
  ): Promise<AuthorizeResult>;
  unauthorize(
    authorizerAppid: string,
    pushOptions?: PushOptions,
  ): Promise<{ push: PushResult | null }>;
  /** Pushes any other InfoType, e.g. notify_third_fasteregister. */
  pushOther(
    infoType: string,
    fields: XmlFields,
    pushOptions?: PushOptions,
  ): Promise<{ push: PushResult | null }>;
  /** Encrypts, signs and pushes XML exactly as given. */
  pushXml(xml: string, pushOptions?: PushOptions): Promise<PushResult>;
  scriptAnswer(path: string, errcodes: number[]): void;
  scriptQueryPlugin(authorizerAppid: string, errcode: number | null): void;
  acceptQueryPlugin(authorizerAppid: string): void;
  calls(): SandboxCall[];
  clearCalls(): void;
  authorizers(): AuthorizerSnapshot[];
  setCallbackUrl(url: string | undefined): void;
  advanceClock(ms: number): void;
  nowMs(): number;
}

function checkCallbackUrl(url: string | undefined): void {
  if (url === undefined) return;
  const protocol = URL.canParse(url) ? new URL(url).protocol : "";
  if (protocol !== "http:" && protocol !== "https:") {
    throw new SandboxScriptError(`callback URL must be http(s); got "${url}"`);
  }
}

export function createSandboxScripting(
  context: SandboxContext,
): SandboxScripting {
  checkCallbackUrl(context.callbackUrl);

  return {
    pushTicket: (options) => pushTicket(context, options),
    authorize: (input, pushOptions) =>
      authorizeAccount(context, input, pushOptions),
    unauthorize: (authorizerAppid, pushOptions) =>
      unauthorizeAccount(context, authorizerAppid, pushOptions),
    async pushOther(infoType, fields, pushOptions) {
      const xml = buildOtherPushXml(
        context.config.componentAppId,
        context.clock.nowSeconds(),
        infoType,
        fields,
      );
      return { push: await deliverPush(context, xml, infoType, pushOptions) };
    },
    pushXml: (xml, pushOptions) => context.pusher.push(xml, pushOptions),
    scriptAnswer: (path, errcodes) => context.scripted.add(path, errcodes),
    scriptQueryPlugin: (authorizerAppid, errcode) =>
      scriptQueryPlugin(context, authorizerAppid, errcode),
    acceptQueryPlugin: (authorizerAppid) =>
      acceptQueryPlugin(context, authorizerAppid),
    calls: () => context.callLog.list(),
    clearCalls: () => context.callLog.clear(),
    authorizers: () =>
      [...context.authorizers.values()].map(authorizerSnapshot),
    setCallbackUrl(url) {
      checkCallbackUrl(url);
      context.callbackUrl = url;
    },
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new SandboxScriptError(`ms must be a number >= 0; got ${ms}`);
      }
      context.clock.advance(ms);
    },
    nowMs: () => context.clock.nowMs(),
  };
}
