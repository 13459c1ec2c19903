import { openDb } from "../store/openDb.ts";

/**
 * `npm run dead-letters` lists the messages a handler gave up on;
 * `npm run dead-letters -- --replay` puts them back in the outbox (after
 * the cause is fixed) and clears them. Handlers skip what they already
 * finished, so a replay only redoes what failed. Reads DATABASE_URL.
 */
async function main(): Promise<void> {
  const replay = process.argv.includes("--replay");
  const databaseUrl =
    process.env.DATABASE_URL?.trim() || "sqlite:./data/wechat-component.db";
  const db = await openDb(databaseUrl);

  try {
    const rows = await db.query<DeadLetter>(
      `SELECT id, consumer, topic, message_key AS key, value,
         error_code AS "errorCode", error_message AS "errorMessage",
         failed_at_ms AS "failedAtMs"
       FROM dead_letter ORDER BY id`,
    );
    for (const row of rows) {
      const at = new Date(Number(row.failedAtMs)).toISOString();
      console.log(
        `${row.id}  ${at}  ${row.consumer}  ${row.topic}  ${row.key}  ` +
          `${row.errorCode}: ${row.errorMessage}`,
      );
    }
    if (!replay) {
      console.log(`${rows.length} dead letter(s); --replay puts them back`);
      return;
    }

    await db.transaction(async (tx) => {
      for (const row of rows) {
        await tx.execute(
          `INSERT INTO outbox (topic, message_key, value, created_at_ms)
           VALUES ($1, $2, $3, $4)`,
          [row.topic, row.key, row.value, Date.now()],
        );
        await tx.execute("DELETE FROM dead_letter WHERE id = $1", [row.id]);
      }
    });
    console.log(`${rows.length} dead letter(s) put back in the outbox`);
  } finally {
    await db.close();
  }
}

interface DeadLetter {
  id: number;
  consumer: string;
  topic: string;
  key: string;
  value: string;
  errorCode: string;
  errorMessage: string;
  failedAtMs: number;
}

await main();
