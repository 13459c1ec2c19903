import {
  authorizeAccount,
  type AuthorizeInput,
  type AuthorizeResult,
  type GrantPush,
} from "./authorizeAccount.ts";
import type { SandboxCall } from "./callLog.ts";
import { deliverPush } from "./deliverPush.ts";
import { checkIpWhitelist } from "./ipWhitelist.ts";
import type { MerchantInput } from "./merchantQueue.ts";
import { buildOtherPushXml, type XmlFields } from "./pushXml.ts";
import {
  pushTicket,
  type PushTicketOptions,
  type PushTicketResult,
} from "./pushTicket.ts";
import { acceptQueryPlugin, scriptQueryPlugin } from "./queryPlugin.ts";
import type { RandomErrorsOptions } from "./randomErrors.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import {
  authorizerSnapshot,
  type AuthorizerSnapshot,
} from "./sandboxRecords.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { TokenKind } from "./tokenStore.ts";
import { unauthorizeAccount } from "./unauthorizeAccount.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

/** What tests, the demo and a shell can make the sandbox do. */
export interface SandboxScripting {
  pushTicket(options?: PushTicketOptions): Promise<PushTicketResult>;
  /** As if the merchant confirmed a page; push "hold" delays the push. */
  authorize(input: AuthorizeInput, push?: GrantPush): Promise<AuthorizeResult>;
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

  /** The next `times` calls to the API answer after delayMs of real time. */
  scriptDelay(path: string, delayMs: number, times?: number): void;
  /** The next `times` calls lose their socket before taking effect. */
  scriptDrop(path: string, times?: number): void;
  /** The next `times` calls take effect, then lose their socket. */
  scriptDropAfterEffect(path: string, times?: number): void;
  /** Every API answers 61004 to callers not listed; null turns it off. */
  setIpWhitelist(ips: string[] | null): void;
  /** Valid tokens of that kind and owner answer 42001 from now; their ids. */
  expireTokens(kind?: TokenKind, ownerAppId?: string): string[];
  /** Lifetime and expires_in of tokens issued from now on. */
  setTokenLifetimeSeconds(seconds: number): void;
  /** Fails a share of the calls before they take effect; null turns off. */
  randomErrors(options: RandomErrorsOptions | null): void;
  /** Queues the merchant who confirms the next authorization page visit. */
  nextMerchant(input: MerchantInput): MerchantHandle;
  /** Sends a push held by authorize() or nextMerchant() with push "hold". */
  releaseHeldPush(id: string): Promise<PushResult | null>;
}

export interface MerchantHandle {
  merchantId: string;
  /** Set when the push is held; ready once the merchant confirmed. */
  heldPushId: string | null;
  releaseHeldPush(): Promise<PushResult | null>;
}

const TOKEN_KINDS: readonly unknown[] = ["component", "authorizer"];

function checkTokenFilter(kind: unknown, ownerAppId: unknown): void {
  if (kind !== undefined && !TOKEN_KINDS.includes(kind)) {
    throw new SandboxScriptError(
      `kind must be "component", "authorizer" or absent; got "${kind}"`,
    );
  }
  if (ownerAppId !== undefined && typeof ownerAppId !== "string") {
    throw new SandboxScriptError("ownerAppId must be a string or absent");
  }
}

function nextMerchant(
  context: SandboxContext,
  input: MerchantInput,
): MerchantHandle {
  const { merchantId, heldPushId } = context.merchants.add(input);

  return {
    merchantId,
    heldPushId,
    async releaseHeldPush() {
      if (heldPushId === null) {
        throw new SandboxScriptError(
          `${merchantId}'s push is not held; pass push: "hold" to hold it`,
        );
      }
      return context.heldPushes.release(heldPushId);
    },
  };
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
    authorize: (input, push) => authorizeAccount(context, input, push),
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
    scriptDelay: (path, delayMs, times = 1) =>
      context.networkFaults.add(path, { kind: "delay", delayMs }, times),
    scriptDrop: (path, times = 1) =>
      context.networkFaults.add(path, { kind: "drop" }, times),
    scriptDropAfterEffect: (path, times = 1) =>
      context.networkFaults.add(path, { kind: "dropAfterEffect" }, times),
    setIpWhitelist(ips) {
      context.ipWhitelist = checkIpWhitelist(ips);
    },
    expireTokens(kind, ownerAppId) {
      checkTokenFilter(kind, ownerAppId);
      return context.tokens.expire(kind, ownerAppId);
    },
    setTokenLifetimeSeconds: (seconds) =>
      context.tokens.setLifetimeSeconds(seconds),
    randomErrors: (options) => context.randomErrors.set(options),
    nextMerchant: (input) => nextMerchant(context, input),
    releaseHeldPush: (id) => context.heldPushes.release(id),
  };
}
