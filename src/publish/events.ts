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
  | "applied"
  | "already_open"
  | "not_eligible"
  | "configuration_error"
  | "failed";

/** Topic query-plugin-outcomes, key: authorizer appid. */
export interface QueryPluginOutcomeEvent extends EventBase {
  type: "query_plugin_outcome";
  authorizerAppId: string;
  causeEventId: string;
  outcome: QueryPluginOutcome;
  /** WeChat's errcode and errmsg, when WeChat answered. */
  errcode: number | null;
  errmsg: string | null;
  atMs: number;
}

export type PipelineEvent =
  AuthorizationEvent | PermissionsChangedEvent | QueryPluginOutcomeEvent;

/** A derived event's id: the same cause always gives the same id. */
export function derivedEventId(causeEventId: string, step: string): string {
  return createHash("sha256")
    .update(`${causeEventId}:${step}`)
    .digest("hex")
    .slice(0, 32);
}
