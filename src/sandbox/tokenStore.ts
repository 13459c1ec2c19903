import { randomText } from "./randomValues.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";

export type TokenKind = "component" | "authorizer";

export interface IssuedToken {
  value: string;
  /** A name for logs and the call log; never the value. */
  id: string;
  kind: TokenKind;
  /** The component appid or the authorizer appid the token belongs to. */
  ownerAppId: string;
  issuedAtMs: number;
  /** What expires_in answers for this token. */
  lifetimeSeconds: number;
  expiresAtMs: number;
  supersededAtMs: number | null;
  revoked: boolean;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; errcode: number; tokenId: string | null };

export interface TokenStore {
  issue(kind: TokenKind, ownerAppId: string): IssuedToken;
  check(value: string | undefined, kind: TokenKind): TokenCheck;
  revokeOwner(kind: TokenKind, ownerAppId: string): void;
  /** Ends the matching valid tokens now (42001 from now on); their ids. */
  expire(kind?: TokenKind, ownerAppId?: string): string[];
  /** The lifetime of tokens issued from now on. */
  setLifetimeSeconds(seconds: number): void;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7200;
// WeChat keeps the previous token working for about five minutes after a new
// one is issued, so that concurrent users can switch over.
export const SUPERSEDED_GRACE_MS = 5 * 60 * 1000;
const TOKEN_LENGTH = 136;

function tokenName(kind: TokenKind, ownerAppId: string, seq: number): string {
  return kind === "component"
    ? `component_access_token#${seq}`
    : `authorizer_access_token:${ownerAppId}#${seq}`;
}

function failure(token: IssuedToken, nowMs: number): number | null {
  if (token.revoked) return 40001;
  if (nowMs >= token.expiresAtMs) return 42001;
  const graceOver =
    token.supersededAtMs !== null &&
    nowMs >= token.supersededAtMs + SUPERSEDED_GRACE_MS;

  return graceOver ? 40001 : null;
}

function checkTokenLifetime(seconds: unknown): number {
  if (
    typeof seconds !== "number" ||
    !Number.isInteger(seconds) ||
    seconds < 1
  ) {
    throw new SandboxScriptError(
      `the token lifetime must be a whole number of seconds >= 1; got ${seconds}`,
    );
  }

  return seconds;
}

/** Issues access tokens and judges them the way WeChat does. */
export function createTokenStore(
  nowMs: () => number,
  initialLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
): TokenStore {
  const byValue = new Map<string, IssuedToken>();
  const latest = new Map<string, IssuedToken>();
  let seq = 0;
  let lifetimeSeconds = checkTokenLifetime(initialLifetimeSeconds);

  function issue(kind: TokenKind, ownerAppId: string): IssuedToken {
    const issuedAtMs = nowMs();
    const previous = latest.get(`${kind}:${ownerAppId}`);
    if (previous !== undefined && previous.supersededAtMs === null) {
      previous.supersededAtMs = issuedAtMs;
    }
    seq += 1;
    const token: IssuedToken = {
      value: randomText(TOKEN_LENGTH),
      id: tokenName(kind, ownerAppId, seq),
      kind,
      ownerAppId,
      issuedAtMs,
      lifetimeSeconds,
      expiresAtMs: issuedAtMs + lifetimeSeconds * 1000,
      supersededAtMs: null,
      revoked: false,
    };
    byValue.set(token.value, token);
    latest.set(`${kind}:${ownerAppId}`, token);

    return token;
  }

  function check(value: string | undefined, kind: TokenKind): TokenCheck {
    if (value === undefined || value === "") {
      return { ok: false, errcode: 41001, tokenId: null };
    }
    const token = byValue.get(value);
    if (token === undefined)
      return { ok: false, errcode: 40001, tokenId: "unknown" };
    if (token.kind !== kind) {
      return { ok: false, errcode: 40001, tokenId: token.id };
    }
    const errcode = failure(token, nowMs());

    return errcode === null
      ? { ok: true, token }
      : { ok: false, errcode, tokenId: token.id };
  }

  function revokeOwner(kind: TokenKind, ownerAppId: string): void {
    for (const token of byValue.values()) {
      if (token.kind === kind && token.ownerAppId === ownerAppId) {
        token.revoked = true;
      }
    }
  }

  function expire(kind?: TokenKind, ownerAppId?: string): string[] {
    const now = nowMs();
    const expired: string[] = [];
    for (const token of byValue.values()) {
      const matches =
        (kind === undefined || token.kind === kind) &&
        (ownerAppId === undefined || token.ownerAppId === ownerAppId);
      if (!matches || failure(token, now) !== null) continue;
      token.expiresAtMs = now;
      expired.push(token.id);
    }

    return expired;
  }

  function setLifetimeSeconds(seconds: number): void {
    lifetimeSeconds = checkTokenLifetime(seconds);
  }

  return { issue, check, revokeOwner, expire, setLifetimeSeconds };
}
