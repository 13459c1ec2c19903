/**
 * One API call or authorization page visit as the sandbox saw it, with every
 * secret replaced or left out.
 */
export interface SandboxCall {
  kind: "api" | "page";
  path: string;
  body: Record<string, unknown> | null;
  /** Page visits: the query without pre_auth_code; null for API calls. */
  query: Record<string, string> | null;
  /** Which token was presented, by id; null when none was needed or sent. */
  tokenId: string | null;
  /** The id of the token the answer issued, if it issued one. */
  issuedTokenId: string | null;
  /** null for page visits and for calls dropped before taking effect. */
  errcode: number | null;
  /** HTTP status answered; null when the socket was destroyed instead. */
  status: number | null;
  /** True when the answer came from scriptAnswer(). */
  scripted: boolean;
  /** The errcode came from setIpWhitelist() or randomErrors(). */
  injected: "ipWhitelist" | "randomErrors" | null;
  /** scriptDelay(): how long the answer was held back, in real time. */
  delayMs: number | null;
  /** scriptDrop() / scriptDropAfterEffect(): the socket was destroyed. */
  dropped: "beforeEffect" | "afterEffect" | null;
  /** The sandbox clock when the call arrived. */
  atMs: number;
}

export interface CallLog {
  record(call: SandboxCall): void;
  list(): SandboxCall[];
  clear(): void;
}

export const REDACTED = "[redacted]";

const SECRET_FIELDS = new Set([
  "component_appsecret",
  "component_secret",
  "component_verify_ticket",
  "component_access_token",
  "access_token",
  "authorizer_access_token",
  "authorizer_refresh_token",
  "authorization_code",
  "pre_auth_code",
]);

export function redactBody(
  body: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([name, value]) => [
      name,
      SECRET_FIELDS.has(name) ? REDACTED : value,
    ]),
  );
}

/** Keeps the most recent calls; old ones fall off past `maxEntries`. */
export function createCallLog(maxEntries: number): CallLog {
  const calls: SandboxCall[] = [];

  return {
    record(call) {
      calls.push(call);
      if (calls.length > maxEntries) calls.shift();
    },
    list: () => calls.map((call) => ({ ...call })),
    clear: () => void calls.splice(0),
  };
}
