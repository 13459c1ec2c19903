import { createHash } from "node:crypto";

/**
 * The JSON values the pipeline publishes. Other teams consume these topics,
 * so a change that breaks a reader bumps `schemaVersion`. No value ever
 * carries a token, ticket, code or secret.
 */
export const SCHEMA_VERSION = 1;

interface EventBase {
  schemaVersion: typeof SCHEMA_VERSION;
  /** Unique per event; consumers deduplicate on it. */
  eventId: string;
  componentAppId: string;
}

/** Topic authorization-events, key: authorizer appid (else component appid). */
export interface AuthorizationEvent extends EventBase {
  type: "authorization";
  /** WeChat's InfoType: authorized, updateauthorized, unauthorized, … */
  infoType: string;
  authorizerAppId: string | null;
  /** WeChat's CreateTime, Unix seconds. */
  createTime: number;
  receivedAtMs: number;
}

/**
 * Topic authorization-events: WeChat refused the authorizer's refresh token
 * (61023); only a new authorization by the merchant helps.
 */
export interface ReauthorizationNeededEvent extends EventBase {
  type: "reauthorization_needed";
  authorizerAppId: string;
  errcode: number;
  atMs: number;
}

/** Topic permission-changes, key: authorizer appid. */
export interface PermissionsChangedEvent extends EventBase {
  type: "permissions_changed";
  authorizerAppId: string;
  /** The authorization event that led here. */
  causeEventId: string;
  /** authorized, updateauthorized or unauthorized. */
  reason: string;
  /** Every permission set id granted now, ascending. */
  funcScopeIds: number[];
  granted: number[];
  revoked: number[];
  changedAtMs: number;
}

export type QueryPluginOutcome =
  /** errcode 0: the admin has 24 hours to accept. */
  | "applied"
  /** errcode 0 on the re-check: the last application lapsed; a new one. */
  | "reapplied"
  /** errcode 933003: the component is open. */
  | "already_open"
  /** 933000/933001/933002; asked again after a while. */
  | "not_eligible"
  /** 933004. */
  | "configuration_error"
  /** Not a Mini Program: nothing to apply for. */
  | "not_applicable"
  /** The day's quota is spent: queued for the next day. */
  | "deferred"
  /** Set 45 or the whole authorization was revoked first. */
  | "withdrawn"
  /** Applications kept lapsing; no more calls for this grant. */
  | "lapsed"
  /** Another permanent errcode (errmsg kept). */
  | "failed";

/** Topic query-plugin-outcomes, key: authorizer appid. */
export interface QueryPluginOutcomeEvent extends EventBase {
  type: "query_plugin_outcome";
  authorizerAppId: string;
  causeEventId: string;
  outcome: QueryPluginOutcome;
  /** The state the authorizer's application is in now. */
  state: string;
  /** WeChat's errcode and errmsg, when WeChat answered. */
  errcode: number | null;
  errmsg: string | null;
  atMs: number;
}

export type PipelineEvent =
  | AuthorizationEvent
  | ReauthorizationNeededEvent
  | PermissionsChangedEvent
  | QueryPluginOutcomeEvent;

/** A derived event's id: the same cause always gives the same id. */
export function derivedEventId(causeEventId: string, step: string): string {
  return createHash("sha256")
    .update(`${causeEventId}:${step}`)
    .digest("hex")
    .slice(0, 32);
}
