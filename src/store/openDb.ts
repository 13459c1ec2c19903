import type { Db } from "./db.ts";
import { migrate } from "./migrate.ts";
import { openPostgresDb } from "./postgresDb.ts";
import { openSqliteDb } from "./sqliteDb.ts";

/** Opens the database DATABASE_URL names and brings its schema up to date. */
export async function openDb(databaseUrl: string): Promise<Db> {
  const db = databaseUrl.startsWith("sqlite:")
    ? openSqliteDb(databaseUrl.slice("sqlite:".length))
    : await openPostgresDb(databaseUrl);

  await migrate(db);
  return db;
}
