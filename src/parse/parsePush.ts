import { createHash } from "node:crypto";

import { ServiceError } from "../errors.ts";
import type { ComponentPush } from "./componentPush.ts";
import { parseXml, textOf } from "./parseXml.ts";

/** Parses and validates the decrypted XML of an authorization-event push. */
export async function parsePush(
  xml: string,
  componentAppId: string,
): Promise<ComponentPush> {
  const root = await parseXml(xml, "payload");
  const field = (name: string) => requiredText(root, name);

  if (field("AppId") !== componentAppId) {
    throw new ServiceError(
      "APPID_MISMATCH",
      "The payload's AppId is not WECHAT_COMPONENT_APPID; " +
        "the push was meant for another platform",
    );
  }
  const base = {
    eventId: createHash("sha256").update(xml).digest("hex").slice(0, 32),
    componentAppId,
    createTime: unixSeconds(root, "CreateTime"),
  };

  const infoType = field("InfoType");
  switch (infoType) {
    case "component_verify_ticket":
      return {
        ...base,
        infoType,
        componentVerifyTicket: field("ComponentVerifyTicket"),
      };
    case "authorized":
    case "updateauthorized":
      return {
        ...base,
        infoType,
        authorizerAppId: appId(root, "AuthorizerAppid"),
        authorizationCode: field("AuthorizationCode"),
        authorizationCodeExpiredTime: unixSeconds(
          root,
          "AuthorizationCodeExpiredTime",
        ),
        preAuthCode: textOf(root, "PreAuthCode"),
      };
    case "unauthorized":
      return {
        ...base,
        infoType,
        authorizerAppId: appId(root, "AuthorizerAppid"),
      };
    default:
      return { ...base, infoType, kind: "other", fields: root };
  }
}

function requiredText(root: Record<string, unknown>, name: string): string {
  const value = textOf(root, name);
  if (!value) {
    throw new ServiceError(
      "PAYLOAD_INVALID",
      `The decrypted payload has no <${name}> text; WeChat always sends it`,
      { details: { element: name } },
    );
  }
  return value;
}

function unixSeconds(root: Record<string, unknown>, name: string): number {
  const text = requiredText(root, name);
  if (!/^\d{1,12}$/.test(text)) {
    throw new ServiceError(
      "PAYLOAD_INVALID",
      `<${name}> must be Unix seconds (digits only)`,
      { details: { element: name } },
    );
  }
  return Number(text);
}

function appId(root: Record<string, unknown>, name: string): string {
  const text = requiredText(root, name);
  if (!/^wx[0-9a-zA-Z]{16}$/.test(text)) {
    throw new ServiceError(
      "PAYLOAD_INVALID",
      `<${name}> must be an appid ("wx" and 16 letters or digits)`,
      { details: { element: name } },
    );
  }
  return text;
}
