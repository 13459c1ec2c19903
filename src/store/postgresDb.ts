import pg from "pg";

import type { Db, Queryable } from "./db.ts";

// BIGINT columns hold millisecond times and counts, all far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

/**
 * PostgreSQL through a pg pool. A `schema` query parameter on the URL puts
 * every table in that schema (created if missing); tests use one per test.
 */
export async function openPostgresDb(url: string): Promise<Db> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error("DATABASE_URL's schema must be a lower-case identifier");
  }

  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 8,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle client's network error must not crash the process.
  pool.on("error", () => undefined);
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  const over = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, [...params])).rows as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, [...params])).rowCount ?? 0;
    },
  });

  return {
    dialect: "postgres",
    ...over(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(over(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
