import { checkAuthorizeInput, type GrantPush } from "./authorizeAccount.ts";
import type { HeldPushes } from "./heldPushes.ts";
import type { AccountType } from "./sandboxRecords.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

/** What the next merchant to open an authorization page will do there. */
export interface MerchantInput {
  authorizerAppid: string;
  /** The sets the merchant leaves ticked among those the page offers. */
  funcScopeIds: number[];
  accountType?: AccountType;
  /** Sets the merchant unticks on the page; never granted. */
  deselect?: number[];
  push?: GrantPush;
}

export interface QueuedMerchant {
  merchantId: string;
  authorizerAppid: string;
  funcScopeIds: number[];
  accountType: AccountType;
  deselect: number[];
  push: GrantPush | undefined;
  /** Reserved when the push is held; the page fills it. */
  heldPushId: string | null;
}

export interface MerchantQueue {
  add(input: MerchantInput): QueuedMerchant;
  /** The merchant who opens the page now, first scripted first. */
  take(): QueuedMerchant | undefined;
}

export function isHeld(push: GrantPush | undefined): boolean {
  return push === "hold" || (typeof push === "object" && push.hold === true);
}

function checkDeselect(deselect: unknown): number[] {
  if (deselect === undefined) return [];
  const valid = Array.isArray(deselect) && deselect.every(Number.isInteger);
  if (!valid) {
    throw new SandboxScriptError("deselect must be a list of integers");
  }

  return deselect as number[];
}

export function createMerchantQueue(
  heldPushes: Pick<HeldPushes, "reserve">,
): MerchantQueue {
  const waiting: QueuedMerchant[] = [];
  let seq = 0;

  function add(input: MerchantInput) {
    const funcScopeIds = checkAuthorizeInput(input);
    const deselect = checkDeselect(input.deselect);

    seq += 1;
    const merchant: QueuedMerchant = {
      merchantId: `merchant#${seq}`,
      authorizerAppid: input.authorizerAppid,
      funcScopeIds,
      accountType: input.accountType ?? "miniprogram",
      deselect,
      push: input.push,
      heldPushId: isHeld(input.push) ? heldPushes.reserve() : null,
    };
    waiting.push(merchant);

    return merchant;
  }

  return { add, take: () => waiting.shift() };
}
