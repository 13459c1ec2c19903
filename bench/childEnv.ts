/**
 * The bench's own environment minus anything that configures the service,
 * so that a KAFKA_BROKERS or DATABASE_URL in the shell cannot change what
 * is measured.
 */
export function childEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const configures = new RegExp(
    "^(WECHAT_|KAFKA_|CALLBACK_|QUERY_PLUGIN_|AUTHORIZE_|NODE_OPTIONS$|" +
      "DATABASE_URL$|SERVICE_ROLES$|PUBLIC_BASE_URL$|HOST$|PORT$|LOG_LEVEL$)",
  );
  const inherited = Object.entries(process.env).filter(
    ([name]) => !configures.test(name),
  );

  return { ...Object.fromEntries(inherited), ...extra };
}
