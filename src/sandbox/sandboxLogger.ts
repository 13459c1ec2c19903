/**
 * The little the sandbox needs from a logger; pino fits. Callers pass ids and
 * outcomes only: no secret, token, ticket or key is ever handed to it.
 */
export interface SandboxLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: SandboxLogger = {
  info: () => undefined,
  warn: () => undefined,
};
