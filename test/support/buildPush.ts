import { createHash, randomBytes } from "node:crypto";

import { specEncrypt } from "./specCipher.ts";

export interface PushParts {
  query: Record<string, string>;
  body: string;
}

/**
 * A push built in the test from the spec (not by the sandbox), so the
 * receiver is also checked against a second, independent encryptor.
 */
export function buildPush(
  credentials: { token: string; encodingAesKey: string; appId: string },
  xml: string,
  options: { timestamp?: number; nonce?: string; encrypt?: string } = {},
): PushParts {
  const encrypt =
    options.encrypt ??
    specEncrypt(credentials.encodingAesKey, xml, credentials.appId);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(6).toString("hex");

  return {
    query: {
      signature: sha1Sorted([credentials.token, timestamp, nonce]),
      timestamp,
      nonce,
      encrypt_type: "aes",
      msg_signature: sha1Sorted([credentials.token, timestamp, nonce, encrypt]),
    },
    body:
      `<xml><AppId><![CDATA[${credentials.appId}]]></AppId>` +
      `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

function sha1Sorted(parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

export async function postPush(
  url: string,
  push: PushParts,
): Promise<{ status: number; body: string }> {
  const target = new URL("/wechat/component/callback", url);
  for (const [name, value] of Object.entries(push.query)) {
    target.searchParams.set(name, value);
  }
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: push.body,
  });
  return { status: response.status, body: await response.text() };
}

export function ticketXml(appId: string, ticket: string, createTime: number) {
  return (
    `<xml><AppId><![CDATA[${appId}]]></AppId>` +
    `<CreateTime>${createTime}</CreateTime>` +
    `<InfoType><![CDATA[component_verify_ticket]]></InfoType>` +
    `<ComponentVerifyTicket><![CDATA[${ticket}]]></ComponentVerifyTicket></xml>`
  );
}

export function authorizedXml(
  appId: string,
  authorizerAppId: string,
  code: string,
  createTime: number,
  infoType = "authorized",
) {
  return (
    `<xml><AppId><![CDATA[${appId}]]></AppId>` +
    `<CreateTime>${createTime}</CreateTime>` +
    `<InfoType><![CDATA[${infoType}]]></InfoType>` +
    `<AuthorizerAppid><![CDATA[${authorizerAppId}]]></AuthorizerAppid>` +
    `<AuthorizationCode><![CDATA[${code}]]></AuthorizationCode>` +
    `<AuthorizationCodeExpiredTime>${createTime + 3600}</AuthorizationCodeExpiredTime>` +
    `<PreAuthCode><![CDATA[preauthcode@@@test]]></PreAuthCode></xml>`
  );
}
