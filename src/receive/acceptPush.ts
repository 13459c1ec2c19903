import type { Config } from "../config.ts";
import { ServiceError } from "../errors.ts";
import { decryptMessage } from "../decrypt/decryptMessage.ts";
import type { ComponentPush } from "../parse/componentPush.ts";
import { parseEnvelope } from "../parse/parseEnvelope.ts";
import { parsePush } from "../parse/parsePush.ts";
import { checkTimestampWindow } from "../verify/timestampWindow.ts";
import { verifyMsgSignature } from "../verify/msgSignature.ts";

/**
 * Turns a raw push into a validated one, or refuses it. The order matters:
 * nothing is decrypted before the signature holds, and nothing is parsed as
 * a payload before the decryption has proved its integrity.
 */
export async function acceptPush(
  config: Config,
  query: Record<string, unknown>,
  body: Buffer,
  nowMs: number,
): Promise<ComponentPush> {
  const timestamp = queryText(query, "timestamp");
  const nonce = queryText(query, "nonce");
  const msgSignature = queryText(query, "msg_signature");
  const encryptType = query.encrypt_type;
  if (encryptType !== undefined && encryptType !== "aes") {
    throw new ServiceError(
      "QUERY_INVALID",
      'encrypt_type must be "aes"; the platform only receives encrypted pushes',
    );
  }
  checkTimestampWindow(timestamp, nowMs, config.callbackToleranceSeconds);

  const envelope = parseEnvelope(utf8(body));
  verifyMsgSignature({
    token: config.componentToken,
    timestamp,
    nonce,
    encrypt: envelope.encrypt,
    msgSignature,
  });
  if (
    envelope.appId !== undefined &&
    envelope.appId !== config.componentAppId
  ) {
    throw new ServiceError(
      "APPID_MISMATCH",
      "The envelope's AppId is not WECHAT_COMPONENT_APPID",
    );
  }

  const xml = decryptMessage(
    envelope.encrypt,
    config.encodingAesKeys,
    config.componentAppId,
  );
  return parsePush(xml, config.componentAppId);
}

function queryText(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (typeof value !== "string" || value === "" || value.length > 128) {
    throw new ServiceError(
      "QUERY_INVALID",
      `The query must carry ${name} once, as WeChat sends it`,
      { details: { parameter: name } },
    );
  }
  return value;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function utf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch (cause) {
    throw new ServiceError("ENVELOPE_INVALID", "The push body is not UTF-8", {
      cause,
    });
  }
}
