import type { Db } from "./db.ts";
import { migrations } from "./schema.ts";

/** Applies the migrations this database has not seen, each atomically. */
export async function migrate(db: Db): Promise<void> {
  const idColumn =
    db.dialect === "sqlite"
      ? "INTEGER PRIMARY KEY AUTOINCREMENT"
      : "BIGSERIAL PRIMARY KEY";

  await db.transaction(async (tx) => {
    if (db.dialect === "postgres") {
      // Two instances starting at once must not both create the tables.
      await tx.query("SELECT pg_advisory_xact_lock(7346101)");
    }
    await tx.execute(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    );
    const rows = await tx.query<{ version: number }>(
      "SELECT MAX(version) AS version FROM schema_version",
    );
    const current = Number(rows[0]?.version ?? 0);

    for (const [index, statements] of migrations.entries()) {
      if (index < current) continue;
      for (const statement of statements) {
        await tx.execute(statement.replaceAll("{{id}}", idColumn));
      }
      await tx.execute("INSERT INTO schema_version (version) VALUES ($1)", [
        index + 1,
      ]);
    }
  });
}
