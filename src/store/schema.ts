/**
 * The schema, as numbered migrations. `{{id}}` stands for an
 * auto-numbered primary key, the one thing the two dialects spell apart.
 * Never edit a released migration; add the next one.
 */
export const migrations: readonly string[][] = [
  [
    `CREATE TABLE component_ticket (
      component_app_id TEXT PRIMARY KEY,
      ticket TEXT NOT NULL,
      create_time BIGINT NOT NULL,
      received_at_ms BIGINT NOT NULL
    )`,
    `CREATE TABLE component_token (
      component_app_id TEXT PRIMARY KEY,
      access_token TEXT NOT NULL,
      expires_at_ms BIGINT NOT NULL,
      refreshed_at_ms BIGINT NOT NULL
    )`,
    `CREATE TABLE received_event (
      event_id TEXT PRIMARY KEY,
      info_type TEXT NOT NULL,
      authorizer_app_id TEXT,
      create_time BIGINT NOT NULL,
      received_at_ms BIGINT NOT NULL,
      payload TEXT NOT NULL
    )`,
    `CREATE TABLE outbox (
      id {{id}},
      topic TEXT NOT NULL,
      message_key TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at_ms BIGINT NOT NULL,
      published_at_ms BIGINT
    )`,
    `CREATE INDEX outbox_unpublished ON outbox (id)
      WHERE published_at_ms IS NULL`,
    `CREATE TABLE processed_message (
      consumer TEXT NOT NULL,
      message_id TEXT NOT NULL,
      processed_at_ms BIGINT NOT NULL,
      PRIMARY KEY (consumer, message_id)
    )`,
    `CREATE TABLE dead_letter (
      id {{id}},
      consumer TEXT NOT NULL,
      topic TEXT NOT NULL,
      message_key TEXT NOT NULL,
      value TEXT NOT NULL,
      error_code TEXT NOT NULL,
      error_message TEXT NOT NULL,
      failed_at_ms BIGINT NOT NULL
    )`,
    `CREATE TABLE authorizer (
      authorizer_app_id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      access_token TEXT,
      access_token_expires_at_ms BIGINT,
      refresh_token TEXT,
      func_scope_ids TEXT NOT NULL,
      func_info TEXT NOT NULL,
      last_create_time BIGINT NOT NULL,
      updated_at_ms BIGINT NOT NULL
    )`,
    `CREATE TABLE query_plugin (
      authorizer_app_id TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      grant_event_id TEXT NOT NULL,
      errcode INTEGER,
      errmsg TEXT,
      attempts INTEGER NOT NULL,
      applied_at_ms BIGINT,
      updated_at_ms BIGINT NOT NULL
    )`,
    `CREATE TABLE lease (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      expires_at_ms BIGINT NOT NULL
    )`,
  ],
  [
    "ALTER TABLE authorizer ADD COLUMN account_type TEXT",
    "ALTER TABLE query_plugin ADD COLUMN granted_at_ms BIGINT",
    "ALTER TABLE query_plugin ADD COLUMN next_action_at_ms BIGINT",
    "ALTER TABLE query_plugin ADD COLUMN applications INTEGER NOT NULL DEFAULT 0",
    `CREATE INDEX query_plugin_due ON query_plugin (next_action_at_ms)
      WHERE next_action_at_ms IS NOT NULL`,
    `CREATE TABLE api_quota (
      api TEXT NOT NULL,
      day TEXT NOT NULL,
      calls INTEGER NOT NULL,
      PRIMARY KEY (api, day)
    )`,
    `CREATE TABLE authorization_code (
      code_hash TEXT PRIMARY KEY,
      authorizer_app_id TEXT,
      claimed_at_ms BIGINT NOT NULL,
      exchanged_at_ms BIGINT
    )`,
  ],
];
