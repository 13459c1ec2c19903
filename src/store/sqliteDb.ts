import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

import type { Db, Queryable } from "./db.ts";

/**
 * SQLite through better-sqlite3. The driver is synchronous and has one
 * connection, so every use goes through one queue: a transaction's awaits
 * must never let another caller's statement slip into it.
 */
export function openSqliteDb(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma("journal_mode = WAL");
  // FULL makes each commit reach the disk before we answer `success`.
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");

  const statements = new Map<string, Database.Statement>();
  const direct: Queryable = {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const statement = prepare(sql);
      const bound = bind(params);
      return (
        statement.reader ? statement.all(bound) : (statement.run(bound), [])
      ) as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).run(bind(params)).changes;
    },
  };
  let queue: Promise<unknown> = Promise.resolve();

  function prepare(sql: string): Database.Statement {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql.replace(/\$(\d+)/g, "@p$1"));
      statements.set(sql, statement);
    }
    return statement;
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    dialect: "sqlite",
    query: (sql, params) => serialized(() => direct.query(sql, params)),
    execute: (sql, params) => serialized(() => direct.execute(sql, params)),
    transaction: (work) =>
      serialized(async () => {
        database.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(direct);
          database.exec("COMMIT");
          return result;
        } catch (error) {
          if (database.inTransaction) database.exec("ROLLBACK");
          throw error;
        }
      }),
    close: () =>
      serialized(async () => {
        database.close();
      }),
  };
}

function bind(params: readonly unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  params.forEach((value, index) => {
    named[`p${index + 1}`] = typeof value === "boolean" ? Number(value) : value;
  });
  return named;
}
