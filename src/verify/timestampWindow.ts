import { ServiceError } from "../errors.ts";

/**
 * Refuses a push whose timestamp is too far from our clock, so that a
 * captured push cannot be replayed days later.
 */
export function checkTimestampWindow(
  timestamp: string,
  nowMs: number,
  toleranceSeconds: number,
): void {
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  const skewSeconds = Math.abs(nowMs / 1000 - seconds);

  if (!(skewSeconds <= toleranceSeconds)) {
    throw new ServiceError(
      "TIMESTAMP_OUT_OF_WINDOW",
      `timestamp must be Unix seconds within ${toleranceSeconds}s of the ` +
        "server clock; check the server's time if genuine pushes fail here",
      { details: { timestamp: timestamp.slice(0, 20) } },
    );
  }
}
