import { topics } from "../src/publish/topics.ts";
import { openDb } from "../src/store/openDb.ts";

export interface StoreExpectation {
  /** `success` answers to authorized pushes: one stored event each. */
  okAuthorized: number;
  newestTicket: { createTime: number; ticket: string } | null;
}

export interface StoreCheck {
  passed: boolean;
  receivedEvents: number;
  outboxRows: number;
  ticketCreateTime: number | null;
  /** Events the authorization handler had finished (full service). */
  handled: number;
  failures: string[];
}

/** Opens a stopped target's SQLite file and compares it with the answers. */
export async function checkStore(
  databasePath: string,
  expected: StoreExpectation,
): Promise<StoreCheck> {
  const db = await openDb(`sqlite:${databasePath}`);
  try {
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await db.query<{ n: number }>(sql, params))[0]!.n);
    const receivedEvents = await count(
      "SELECT COUNT(*) AS n FROM received_event",
    );
    const outboxRows = await count(
      "SELECT COUNT(*) AS n FROM outbox WHERE topic = $1",
      [topics.authorizationEvents],
    );
    const handled = await count(
      "SELECT COUNT(*) AS n FROM processed_message " +
        "WHERE consumer = 'authorization'",
    );
    const [ticketRow] = await db.query<{ ticket: string; create_time: number }>(
      "SELECT ticket, create_time FROM component_ticket",
    );

    const failures: string[] = [];
    if (receivedEvents !== expected.okAuthorized) {
      failures.push(
        `${receivedEvents} received events stored, but ` +
          `${expected.okAuthorized} authorized pushes were answered success`,
      );
    }
    // Each stored event is queued once; handlers queue only other topics.
    if (outboxRows !== receivedEvents) {
      failures.push(`${outboxRows} outbox rows for ${receivedEvents} events`);
    }
    const newest = expected.newestTicket;
    if (
      newest &&
      (Number(ticketRow?.create_time) !== newest.createTime ||
        ticketRow?.ticket !== newest.ticket)
    ) {
      failures.push(
        `the stored ticket is not the newest one answered success ` +
          `(CreateTime ${newest.createTime})`,
      );
    }
    return {
      passed: failures.length === 0,
      receivedEvents,
      outboxRows,
      ticketCreateTime: ticketRow ? Number(ticketRow.create_time) : null,
      handled,
      failures,
    };
  } finally {
    await db.close();
  }
}
