import { randomBytes } from "node:crypto";

import { CALLBACK_PATH } from "../src/receive/callbackRouter.ts";
import { buildPushXml } from "../src/sandbox/pushXml.ts";
import { buildPush } from "../test/support/buildPush.ts";
import { specEncrypt } from "../test/support/specCipher.ts";
import { credentials } from "../test/support/testConfig.ts";
import type { PushPlan } from "./loadRun.ts";

export interface BenchPush {
  /** Path and query string, as WeChat posts them. */
  path: string;
  body: Buffer;
  infoType: "authorized" | "component_verify_ticket";
  createTime: number;
  ticket: string | undefined;
}

export interface PushPool {
  next(): BenchPush;
  builtUpFront: number;
  builtDuringRun(): number;
  nextTicketCreateTime(): number;
}

const REFILL_BATCH = 500;
/** Random prefix 16, nonce 6, authorizer appid 8, code or ticket 24. */
const ENTROPY_BYTES = 54;

/**
 * Genuine pushes, encrypted and signed by the test suite's spec encryptor.
 * Each authorized push carries its own pre-auth code, so no two payloads
 * (and no two event ids) are alike.
 */
export function createPushPool(plan: PushPlan): PushPool {
  const runTag = randomBytes(6).toString("hex");
  let built = 0;
  // The service keeps a ticket only if it is newer than the stored one, so
  // each ticket gets a later second; equal ones would be skipped cheaply.
  let ticketCreateTime = plan.ticketCreateTimeFrom;

  const build = (count: number): BenchPush[] => {
    // One draw for the whole batch: a draw per value was most of the cost.
    const entropy = randomBytes(count * ENTROPY_BYTES);
    return Array.from({ length: count }, (_, i) => {
      const start = i * ENTROPY_BYTES;
      const random = entropy.subarray(start, start + ENTROPY_BYTES);
      const index = built++;
      if (index % plan.ticketEvery === plan.ticketEvery - 1) {
        const ticket =
          plan.ticket ?? `ticket@@@${random.toString("base64url", 30)}`;
        return ticketPush(ticket, ticketCreateTime++, random);
      }
      return authorizedPush(plan, `${runTag}-${index}`, random);
    });
  };
  const pushes = build(plan.count);
  let cursor = 0;

  return {
    next() {
      if (cursor === pushes.length) {
        if (plan.unique) pushes.push(...build(REFILL_BATCH));
        else cursor = 0;
      }
      return pushes[cursor++]!;
    },
    builtUpFront: plan.count,
    builtDuringRun: () => built - plan.count,
    nextTicketCreateTime: () => ticketCreateTime,
  };
}

function authorizedPush(
  plan: PushPlan,
  uniquePart: string,
  random: Buffer,
): BenchPush {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const accounts = plan.accounts ?? [];
  const account = accounts[Math.floor(Math.random() * accounts.length)] ?? {
    authorizerAppId: `wx${random.toString("hex", 22, 30)}`,
    authorizationCode: `queryauthcode@@@${random.toString("hex", 30)}`,
    authorizationCodeExpiredTime: nowSeconds + 3600,
  };
  const xml = buildPushXml({
    infoType: "authorized",
    componentAppId: credentials.appId,
    createTime: nowSeconds,
    authorizerAppid: account.authorizerAppId,
    authorizationCode: account.authorizationCode,
    authorizationCodeExpiredTime: account.authorizationCodeExpiredTime,
    preAuthCode: `preauthcode@@@${uniquePart}`,
  });

  return {
    ...signed(xml, random),
    infoType: "authorized",
    createTime: nowSeconds,
    ticket: undefined,
  };
}

function ticketPush(
  ticket: string,
  createTime: number,
  random: Buffer,
): BenchPush {
  const xml = buildPushXml({
    infoType: "component_verify_ticket",
    componentAppId: credentials.appId,
    createTime,
    componentVerifyTicket: ticket,
  });

  return {
    ...signed(xml, random),
    infoType: "component_verify_ticket",
    createTime,
    ticket,
  };
}

function signed(xml: string, random: Buffer): { path: string; body: Buffer } {
  const encrypt = specEncrypt(
    credentials.encodingAesKey,
    xml,
    credentials.appId,
    {
      random: random.subarray(0, 16),
    },
  );
  const { query, body } = buildPush(credentials, xml, {
    encrypt,
    nonce: random.toString("hex", 16, 22),
  });

  return {
    path: `${CALLBACK_PATH}?${new URLSearchParams(query)}`,
    body: Buffer.from(body, "utf8"),
  };
}
