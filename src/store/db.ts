/**
 * The one seam between the service and its database. SQL is written once,
 * in the dialect SQLite and PostgreSQL share, with `$1`-style parameters.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /** Runs a statement and says how many rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Db extends Queryable {
  readonly dialect: "sqlite" | "postgres";
  /** Runs `work` in one transaction; it commits when `work` resolves. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
