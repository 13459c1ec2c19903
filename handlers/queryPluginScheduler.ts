import { isRetriable } from "../src/errors.ts";
import type { HandlerDeps } from "../src/handle/handler.ts";
import type { Db } from "../src/store/db.ts";
import { acquireLease, leaseOwner, releaseLease } from "../src/store/leases.ts";
import {
  dueQueryPlugins,
  saveQueryPlugin,
  type QueryPluginRecord,
} from "../src/store/queryPlugins.ts";
import {
  applyForQueryPlugin,
  type ApplyReason,
} from "./applyForQueryPlugin.ts";

const LEASE_NAME = "query_plugin_scheduler";
const BATCH = 50;
const RETRY_SOON_MS = 60_000;

/**
 * The time-driven half of the query-plugin workflow: grants queued for the
 * next quota day (oldest first), the one re-check after the admin's 24
 * hours, the rare retry of "not eligible", and calls that died mid-way.
 * One process runs it at a time (a lease).
 */
export class QueryPluginScheduler {
  private readonly owner = leaseOwner();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: HandlerDeps) {}

  start(): void {
    const interval = this.deps.queryPlugin.schedulerIntervalMs;
    this.timer = setInterval(() => void this.tick(), interval);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await releaseLease(this.deps.db, LEASE_NAME, this.owner).catch(
      () => undefined,
    );
  }

  /** One pass now; also what the timer runs. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { db, now, logger } = this.deps;
    try {
      const leaseMs = this.deps.queryPlugin.schedulerIntervalMs * 3 + 60_000;
      if (
        !(await acquireLease(db as Db, LEASE_NAME, this.owner, now(), leaseMs))
      )
        return;

      for (const record of await dueQueryPlugins(db, now(), BATCH)) {
        await this.attempt(record);
      }
    } catch (error) {
      logger.error({ err: error }, "query plugin scheduler pass failed");
    }
  }

  private async attempt(record: QueryPluginRecord): Promise<void> {
    try {
      await applyForQueryPlugin(this.deps, {
        authorizerAppId: record.authorizerAppId,
        grantEventId: record.grantEventId,
        grantedAtMs: record.grantedAtMs,
        reason: reasonFor(record),
      });
    } catch (error) {
      // The attempt did not count: back to where it was, and soon again.
      await saveQueryPlugin(this.deps.db, {
        ...record,
        nextActionAtMs: this.deps.now() + RETRY_SOON_MS,
        updatedAtMs: this.deps.now(),
      });
      const level = isRetriable(error) ? "warn" : "error";
      this.deps.logger[level](
        { err: error, authorizerAppId: record.authorizerAppId },
        "scheduled query plugin attempt failed; trying again in a minute",
      );
    }
  }
}

function reasonFor(record: QueryPluginRecord): ApplyReason {
  switch (record.state) {
    case "applied":
      return "recheck";
    case "not_eligible":
      return "retry";
    default:
      return "queued";
  }
}
