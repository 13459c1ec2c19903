import { setTimeout as sleep } from "node:timers/promises";

import { ServiceError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import { acquireLease, releaseLease } from "../store/leases.ts";

const LEASE_MS = 30_000;
const WAIT_STEP_MS = 200;

/**
 * One refresh at a time: in this process (callers share the refresh under
 * way) and across processes (a lease in the store; the others wait for the
 * winner's token to appear instead of refreshing too, which would make
 * WeChat invalidate the winner's token).
 */
export class SingleRefresher {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Db,
    private readonly owner: string,
    private readonly now: () => number,
  ) {}

  /**
   * `usable` returns a stored token that needs no refresh, if any;
   * `refresh` fetches, stores and returns a new one.
   */
  async run(
    name: string,
    usable: () => Promise<string | undefined>,
    refresh: () => Promise<string>,
  ): Promise<string> {
    const ready = await usable();
    if (ready !== undefined) return ready;

    let shared = this.inflight.get(name);
    if (!shared) {
      shared = this.underLease(name, usable, refresh).finally(() =>
        this.inflight.delete(name),
      );
      this.inflight.set(name, shared);
    }
    return shared;
  }

  private async underLease(
    name: string,
    usable: () => Promise<string | undefined>,
    refresh: () => Promise<string>,
  ): Promise<string> {
    const deadlineMs = this.now() + LEASE_MS + 5_000;
    while (this.now() < deadlineMs) {
      const ready = await usable();
      if (ready !== undefined) return ready;

      const leased = await acquireLease(
        this.db,
        name,
        this.owner,
        this.now(),
        LEASE_MS,
      );
      if (leased) {
        try {
          return (await usable()) ?? (await refresh());
        } finally {
          await releaseLease(this.db, name, this.owner);
        }
      }
      await sleep(WAIT_STEP_MS);
    }
    throw new ServiceError(
      "WECHAT_TRANSIENT",
      `Waited too long for another process to refresh ${name}`,
    );
  }
}
