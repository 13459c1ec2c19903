import pg from "pg";

/**
 * The PostgreSQL tests need a real server. Checking once here turns a
 * missing server into one clear failure instead of a dozen timeouts.
 */
export default async function postgresGlobalSetup(): Promise<void> {
  const url =
    process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url}. Start it (see README, ` +
        '"Running the tests") or set TEST_POSTGRES_URL.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
