import { aesKeyFrom } from "./wechatCrypto.ts";
import { createCallLog, type CallLog } from "./callLog.ts";
import { createDailyQuota, type DailyQuota } from "./dailyQuota.ts";
import { createHeldPushes, type HeldPushes } from "./heldPushes.ts";
import { checkIpWhitelist } from "./ipWhitelist.ts";
import { createMerchantQueue, type MerchantQueue } from "./merchantQueue.ts";
import { createNetworkFaults, type NetworkFaults } from "./networkFaults.ts";
import { createRandomErrors, type RandomErrors } from "./randomErrors.ts";
import { createSandboxClock, type SandboxClock } from "./sandboxClock.ts";
import { silentLogger, type SandboxLogger } from "./sandboxLogger.ts";
import type {
  AuthorizationCodeRecord,
  AuthorizerRecord,
  PreAuthCodeRecord,
  TicketRecord,
} from "./sandboxRecords.ts";
import { createSandboxTimers, type SandboxTimers } from "./sandboxTimers.ts";
import {
  createScriptedAnswers,
  type ScriptedAnswers,
} from "./scriptedAnswers.ts";
import { createTokenStore, type TokenStore } from "./tokenStore.ts";
import { createWeChatPusher, type WeChatPusher } from "./wechatPusher.ts";

export interface WeChatSandboxOptions {
  componentAppId: string;
  componentAppSecret: string;
  /** The message verification token pushes are signed with. */
  componentToken: string;
  encodingAesKey: string;
  /** The authorization event URL pushes go to; settable later. */
  callbackUrl?: string;
  /** Milliseconds since the epoch; inject to test expiry. */
  now?: () => number;
  /** open_query_plugin calls a day (default 500). */
  queryPluginDailyQuota?: number;
  /** Whom the daily quota counts: the component (default) or each account. */
  queryPluginQuotaScope?: "component" | "authorizer";
  /** Delay between api_start_push_ticket and its push (default 1000). */
  ticketPushDelayMs?: number;
  /** Push a ticket at start() and then this often; 0 (default) for never. */
  ticketPushIntervalMs?: number;
  /** Tries per push when the answer is not `success` (default 3). */
  pushAttempts?: number;
  pushRetryDelayMs?: number;
  pushTimeoutMs?: number;
  logger?: SandboxLogger;
  /** Call log length before the oldest calls fall off (default 10000). */
  maxCallLogEntries?: number;
  /** Lifetime and expires_in of every access token (default 7200). */
  tokenLifetimeSeconds?: number;
  /** Callers allowed to use the APIs; absent or null: everyone. */
  ipWhitelist?: string[] | null;
  /** Make the PC page ignore category_id_list, as one report says it does. */
  pcPageIgnoresCategoryIdList?: boolean;
}

export interface SandboxConfig {
  componentAppId: string;
  componentAppSecret: string;
  queryPluginQuotaScope: "component" | "authorizer";
  ticketPushDelayMs: number;
  ticketPushIntervalMs: number;
  pcPageIgnoresCategoryIdList: boolean;
}

/** Everything the sandbox's APIs and scripting share. */
export interface SandboxContext {
  config: SandboxConfig;
  clock: SandboxClock;
  tokens: TokenStore;
  tickets: TicketRecord[];
  preAuthCodes: Map<string, PreAuthCodeRecord>;
  authorizationCodes: Map<string, AuthorizationCodeRecord>;
  authorizers: Map<string, AuthorizerRecord>;
  queryPluginQuota: DailyQuota;
  callLog: CallLog;
  scripted: ScriptedAnswers;
  networkFaults: NetworkFaults;
  randomErrors: RandomErrors;
  /** null: every caller may use the APIs. */
  ipWhitelist: Set<string> | null;
  merchants: MerchantQueue;
  heldPushes: HeldPushes;
  pusher: WeChatPusher;
  timers: SandboxTimers;
  logger: SandboxLogger;
  callbackUrl: string | undefined;
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== "string" || value === "") {
    throw new Error(`the sandbox needs a non-empty ${name}`);
  }
}

function checkOptions(options: WeChatSandboxOptions): void {
  requireText("componentAppId", options.componentAppId);
  requireText("componentAppSecret", options.componentAppSecret);
  requireText("componentToken", options.componentToken);
  aesKeyFrom(options.encodingAesKey);
}

export function createSandboxContext(
  options: WeChatSandboxOptions,
  apiPaths: readonly string[],
): SandboxContext {
  checkOptions(options);
  const clock = createSandboxClock(options.now);
  const logger = options.logger ?? silentLogger;
  const heldPushes = createHeldPushes();
  const context: SandboxContext = {
    config: {
      componentAppId: options.componentAppId,
      componentAppSecret: options.componentAppSecret,
      queryPluginQuotaScope: options.queryPluginQuotaScope ?? "component",
      ticketPushDelayMs: options.ticketPushDelayMs ?? 1000,
      ticketPushIntervalMs: options.ticketPushIntervalMs ?? 0,
      pcPageIgnoresCategoryIdList: options.pcPageIgnoresCategoryIdList === true,
    },
    clock,
    tokens: createTokenStore(clock.nowMs, options.tokenLifetimeSeconds),
    tickets: [],
    preAuthCodes: new Map(),
    authorizationCodes: new Map(),
    authorizers: new Map(),
    queryPluginQuota: createDailyQuota(
      options.queryPluginDailyQuota ?? 500,
      clock.nowMs,
    ),
    callLog: createCallLog(options.maxCallLogEntries ?? 10_000),
    scripted: createScriptedAnswers(apiPaths),
    networkFaults: createNetworkFaults(apiPaths),
    randomErrors: createRandomErrors(apiPaths),
    ipWhitelist: checkIpWhitelist(options.ipWhitelist ?? null),
    merchants: createMerchantQueue(heldPushes),
    heldPushes,
    pusher: createWeChatPusher({
      componentAppId: options.componentAppId,
      componentToken: options.componentToken,
      encodingAesKey: options.encodingAesKey,
      callbackUrl: () => context.callbackUrl,
      nowMs: clock.nowMs,
      attempts: options.pushAttempts,
      retryDelayMs: options.pushRetryDelayMs,
      timeoutMs: options.pushTimeoutMs,
      logger,
    }),
    timers: createSandboxTimers(logger),
    logger,
    callbackUrl: options.callbackUrl,
  };

  return context;
}
