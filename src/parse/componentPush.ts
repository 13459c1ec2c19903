/** A decrypted, validated push to the authorization event URL. */
export type ComponentPush =
  TicketPush | AuthorizationPush | UnauthorizationPush | OtherPush;

interface PushBase {
  /** sha256 of the decrypted XML: a repeated push has the same id. */
  eventId: string;
  componentAppId: string;
  /** CreateTime, Unix seconds. */
  createTime: number;
}

export interface TicketPush extends PushBase {
  infoType: "component_verify_ticket";
  componentVerifyTicket: string;
}

export interface AuthorizationPush extends PushBase {
  infoType: "authorized" | "updateauthorized";
  authorizerAppId: string;
  authorizationCode: string;
  /** Absolute Unix seconds, as WeChat sends it in practice. */
  authorizationCodeExpiredTime: number;
  preAuthCode: string | undefined;
}

export interface UnauthorizationPush extends PushBase {
  infoType: "unauthorized";
  authorizerAppId: string;
}

export interface OtherPush extends PushBase {
  infoType: string;
  kind: "other";
  /** Every element of the push, by name. Kept in the store only. */
  fields: Record<string, unknown>;
}

/** The authorizer a push concerns, or undefined for platform-wide ones. */
export function authorizerOf(push: ComponentPush): string | undefined {
  return "authorizerAppId" in push ? push.authorizerAppId : undefined;
}
