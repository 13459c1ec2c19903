import {
  encryptForWeChat,
  encryptPadded,
  msgSignature,
  padTo32,
  plainSignature,
  wechatPlaintext,
} from "./wechatCrypto.ts";
import { randomNonce } from "./randomValues.ts";

/**
 * Ways to spoil a push so a receiver's checks can be tested. Every one except
 * the signature ones is still correctly signed, so only the named check fails.
 */
export const PUSH_TAMPERS = [
  "msgSignature",
  "signature",
  "missingMsgSignature",
  "staleTimestamp",
  "appIdTrailer",
  "outerAppId",
  "wrongKey",
  "badPadding",
  "lengthOverflow",
] as const;

export type PushTamper = (typeof PUSH_TAMPERS)[number];

export interface PushSigner {
  componentAppId: string;
  componentToken: string;
  encodingAesKey: string;
}

export interface PushRequest {
  query: URLSearchParams;
  body: string;
}

const FOREIGN_APPID = "wx0000000000000000";
const FOREIGN_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj";
const STALE_SECONDS = 3600;
const FORGED_SIGNATURE = "0".repeat(40);

function encryptTampered(
  signer: PushSigner,
  xml: string,
  tamper: PushTamper | undefined,
): string {
  const { componentAppId, encodingAesKey } = signer;
  switch (tamper) {
    case "appIdTrailer":
      return encryptForWeChat(encodingAesKey, xml, FOREIGN_APPID);
    case "wrongKey":
      return encryptForWeChat(FOREIGN_AES_KEY, xml, componentAppId);
    case "badPadding": {
      const padded = padTo32(wechatPlaintext(xml, componentAppId));
      padded[padded.length - 1] = 0;
      return encryptPadded(encodingAesKey, padded);
    }
    case "lengthOverflow": {
      const plaintext = wechatPlaintext(xml, componentAppId);
      plaintext.writeUInt32BE(plaintext.length, 16);
      return encryptPadded(encodingAesKey, padTo32(plaintext));
    }
    default:
      return encryptForWeChat(encodingAesKey, xml, componentAppId);
  }
}

function outerXml(appId: string, encrypt: string): string {
  return (
    `<xml><AppId><![CDATA[${appId}]]></AppId>` +
    `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
  );
}

/** Encrypts, wraps and signs one push as WeChat would send it. */
export function buildPushRequest(
  signer: PushSigner,
  xml: string,
  nowSeconds: number,
  tamper?: PushTamper,
): PushRequest {
  const encrypt = encryptTampered(signer, xml, tamper);
  const outerAppId =
    tamper === "outerAppId" ? FOREIGN_APPID : signer.componentAppId;
  const timestamp = String(
    tamper === "staleTimestamp" ? nowSeconds - STALE_SECONDS : nowSeconds,
  );
  const nonce = randomNonce();
  const token = signer.componentToken;

  const query = new URLSearchParams({
    signature:
      tamper === "signature"
        ? FORGED_SIGNATURE
        : plainSignature(token, timestamp, nonce),
    timestamp,
    nonce,
    encrypt_type: "aes",
  });
  if (tamper !== "missingMsgSignature") {
    query.set(
      "msg_signature",
      tamper === "msgSignature"
        ? FORGED_SIGNATURE
        : msgSignature(token, timestamp, nonce, encrypt),
    );
  }

  return { query, body: outerXml(outerAppId, encrypt) };
}
