export type AccountType = "miniprogram" | "officialaccount";

export type QueryPluginState = "none" | "pending" | "open";

export interface TicketRecord {
  value: string;
  id: string;
  issuedAtMs: number;
}

export interface PreAuthCodeRecord {
  expiresAtMs: number;
  used: boolean;
}

export interface AuthorizationCodeRecord {
  authorizerAppid: string;
  expiresAtMs: number;
}

export interface AuthorizerRecord {
  authorizerAppid: string;
  accountType: AccountType;
  funcScopeIds: number[];
  authorized: boolean;
  /** The latest grant that changed something. */
  authTimeMs: number;
  refreshToken: string;
  grantCount: number;
  queryPlugin: {
    state: QueryPluginState;
    appliedAtMs: number | null;
    /** A sticky answer set by scriptQueryPlugin(), e.g. 933000. */
    scriptedErrcode: number | null;
  };
}

/** What authorizers() shows: the state without any secret. */
export interface AuthorizerSnapshot {
  authorizerAppid: string;
  accountType: AccountType;
  funcScopeIds: number[];
  authorized: boolean;
  authTime: number;
  grantCount: number;
  queryPlugin: {
    state: QueryPluginState;
    appliedAt: number | null;
    scriptedErrcode: number | null;
  };
}

export function authorizerSnapshot(
  record: AuthorizerRecord,
): AuthorizerSnapshot {
  const { queryPlugin } = record;

  return {
    authorizerAppid: record.authorizerAppid,
    accountType: record.accountType,
    funcScopeIds: [...record.funcScopeIds],
    authorized: record.authorized,
    authTime: Math.floor(record.authTimeMs / 1000),
    grantCount: record.grantCount,
    queryPlugin: {
      state: queryPlugin.state,
      appliedAt:
        queryPlugin.appliedAtMs === null
          ? null
          : Math.floor(queryPlugin.appliedAtMs / 1000),
      scriptedErrcode: queryPlugin.scriptedErrcode,
    },
  };
}
