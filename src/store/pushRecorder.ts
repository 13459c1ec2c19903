import { ServiceError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { ComponentPush } from "../parse/componentPush.ts";
import type { RecordResult } from "./storePushes.ts";

export type { RecordResult } from "./storePushes.ts";

/** Stores a batch of pushes in one transaction; see storePushes. */
export type PushWriter = (
  pushes: ComponentPush[],
  nowMs: number,
) => Promise<RecordResult[]>;

interface Pending {
  push: ComponentPush;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

/** Enough to amortise one disk flush, small enough to answer promptly. */
const MAX_BATCH = 256;

/**
 * Stores verified pushes durably before the receiver answers `success`.
 * Pushes that arrive while a commit is under way wait for the next one and
 * share it (group commit), so a burst costs one disk flush, not one each.
 */
export class PushRecorder {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly write: PushWriter,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Called after each commit that stored something new. */
    private readonly onStored: () => void = () => undefined,
  ) {}

  record(push: ComponentPush): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ push, resolve, reject });
      if (!this.flushing) this.flushSoon();
    });
  }

  private flushSoon(): void {
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    try {
      const pushes = batch.map((item) => item.push);
      const results = await this.write(pushes, this.now());
      batch.forEach((item, index) => item.resolve(results[index]!));
      if (results.some((result) => !result.duplicate)) this.onStored();
    } catch (cause) {
      this.logger.error({ err: cause, pushes: batch.length }, "store failed");
      const error = new ServiceError(
        "STORE_UNAVAILABLE",
        "The push could not be stored; WeChat will send it again",
        { cause },
      );
      for (const item of batch) item.reject(error);
    }

    if (this.pending.length > 0) this.flushSoon();
    else this.flushing = false;
  }
}
