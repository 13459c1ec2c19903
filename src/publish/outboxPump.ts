import { setTimeout as sleep } from "node:timers/promises";

import type { Logger } from "../logger.ts";
import type { Db } from "../store/db.ts";
import { acquireLease, leaseOwner, releaseLease } from "../store/leases.ts";
import {
  markPublished,
  unpublishedEvents,
  type OutboxRow,
} from "../store/outbox.ts";
import { backoffDelayMs, type BackoffPolicy } from "../wechat/backoff.ts";

/**
 * Sends outbox rows on and answers the ids it is done with. Rows it keeps
 * back are offered again on a later pass; it must keep back every later row
 * with the same key too, or their order breaks.
 */
export type OutboxSink = (rows: OutboxRow[]) => Promise<number[]>;

const LEASE_NAME = "outbox_pump";
const BATCH = 100;
const LEASE_MS = 15_000;
const IDLE_POLL_MS = 1_000;
const retryBackoff: BackoffPolicy = {
  maxAttempts: Infinity,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/**
 * Moves events from the outbox to a sink (Kafka, or the in-process
 * handlers), in id order, marking each row once the sink has taken it.
 * One pump runs at a time across processes sharing the store (a lease), so
 * the order holds. A crash between sink and mark sends a row twice; every
 * consumer deduplicates on eventId.
 */
export class OutboxPump {
  private readonly owner = leaseOwner();
  private wakeUp: (() => void) | undefined;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly sink: OutboxSink,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Something was added to the outbox: look now rather than at the poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await releaseLease(this.db, LEASE_NAME, this.owner).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs = IDLE_POLL_MS;
      try {
        const done = await this.pass();
        failures = 0;
        // Handling a row may add rows, so look again at once. Rows the sink
        // kept back wait for the next poll; the sink paces their retries.
        if (done > 0) waitMs = 0;
      } catch (error) {
        failures += 1;
        waitMs = backoffDelayMs(retryBackoff, failures);
        this.logger.error({ err: error, failures }, "outbox pass failed");
      }
      if (waitMs > 0) await this.idle(waitMs);
    }
  }

  /** One batch through the sink; answers how many rows it took. */
  private async pass(): Promise<number> {
    const lease = () =>
      acquireLease(this.db, LEASE_NAME, this.owner, this.now(), LEASE_MS);
    if (!(await lease())) return 0;

    const rows = await unpublishedEvents(this.db, BATCH);
    if (rows.length === 0) return 0;

    // Handlers may take a while (WeChat's retries); hold the lease meanwhile.
    const renewal = setInterval(
      () => void lease().catch(() => undefined),
      LEASE_MS / 3,
    );
    try {
      const doneIds = await this.sink(rows);
      if (doneIds.length > 0) await markPublished(this.db, doneIds, this.now());
      return doneIds.length;
    } finally {
      clearInterval(renewal);
    }
  }

  private async idle(ms: number): Promise<void> {
    const woken = new Promise<void>((resolve) => (this.wakeUp = resolve));
    const controller = new AbortController();
    await Promise.race([
      woken,
      sleep(ms, undefined, { signal: controller.signal }).catch(
        () => undefined,
      ),
    ]);
    controller.abort();
    this.wakeUp = undefined;
  }
}
