import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { PushResult } from "./wechatPusher.ts";

type Send = () => Promise<PushResult | null>;

// waiting: reserved by nextMerchant(), the page not confirmed yet;
// nothing: the grant changed no set, so there is nothing to push;
// refused: the page refused the merchant, so no grant and no push.
type HeldPush =
  | { state: "waiting" }
  | { state: "held"; send: Send }
  | { state: "nothing" }
  | { state: "refused"; reason: string }
  | { state: "released" };

/** Authorization pushes held back so a test can send them later. */
export interface HeldPushes {
  /** An id for a push the authorization page will build later. */
  reserve(): string;
  /** Holds the push under the id; a new id when none is given. */
  hold(send: Send | null, id?: string): string;
  /** The page refused the merchant the id was reserved for. */
  refuse(id: string, reason: string): void;
  /** Sends the held push; null when the grant had nothing to push. */
  release(id: string): Promise<PushResult | null>;
}

export function createHeldPushes(): HeldPushes {
  const pushes = new Map<string, HeldPush>();
  let seq = 0;

  function reserve(): string {
    seq += 1;
    const id = `held-push#${seq}`;
    pushes.set(id, { state: "waiting" });

    return id;
  }

  function hold(send: Send | null, id = reserve()): string {
    pushes.set(
      id,
      send === null ? { state: "nothing" } : { state: "held", send },
    );

    return id;
  }

  async function release(id: string): Promise<PushResult | null> {
    const push = pushes.get(id);
    if (push === undefined) {
      throw new SandboxScriptError(`no held push is called "${id}"`);
    }
    if (push.state === "waiting") {
      throw new SandboxScriptError(
        `${id} is not ready: the merchant has not confirmed the page yet`,
      );
    }
    if (push.state === "refused") {
      throw new SandboxScriptError(
        `${id} has nothing to send: the page refused the merchant ` +
          `(${push.reason})`,
      );
    }
    if (push.state === "released") {
      throw new SandboxScriptError(`${id} was already released`);
    }

    pushes.set(id, { state: "released" });
    return push.state === "held" ? push.send() : null;
  }

  function refuse(id: string, reason: string): void {
    pushes.set(id, { state: "refused", reason });
  }

  return { reserve, hold, refuse, release };
}
