import * as wecom from "@wecom/crypto";

import { ServiceError } from "../errors.ts";
import { decodeBase64Strict } from "./decodeBase64Strict.ts";

/** WeChat pads with PKCS#7 to a multiple of 32 bytes, not the AES block. */
const PAD_BLOCK_BYTES = 32;

/**
 * Decrypts an Encrypt text and returns the inner XML.
 *
 * `@wecom/crypto` runs the cipher but accepts any padding, any length field
 * and any trailing appid, and a wrong key gives garbage rather than an error.
 * So the result is accepted only if encrypting it again with the same random
 * prefix gives back the very same bytes: that proves the padding is the
 * canonical 1..32 pad, the length field matches the message, and the text is
 * valid UTF-8. Then the trailing appid must be ours.
 *
 * `encodingAesKeys` lists the current key first; a previous key is tried
 * next, as WeChat advises during a key rotation.
 */
export function decryptMessage(
  encrypt: string,
  encodingAesKeys: readonly string[],
  componentAppId: string,
): string {
  const cipherBytes = decodeBase64Strict(encrypt);
  if (cipherBytes.length === 0 || cipherBytes.length % PAD_BLOCK_BYTES !== 0) {
    throw new ServiceError(
      "ENCRYPT_BLOCK_LENGTH",
      `Encrypt must decode to a non-zero multiple of ${PAD_BLOCK_BYTES} ` +
        `bytes; got ${cipherBytes.length}`,
    );
  }

  let firstError: unknown;
  for (const key of encodingAesKeys) {
    try {
      return decryptWithKey(encrypt, cipherBytes, key, componentAppId);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

function decryptWithKey(
  encrypt: string,
  cipherBytes: Buffer,
  encodingAesKey: string,
  componentAppId: string,
): string {
  let parts: { message: string; id: string; random: Buffer };
  try {
    parts = wecom.decrypt(encodingAesKey, encrypt);
  } catch (cause) {
    throw malformed("the length field points outside the plaintext", cause);
  }

  const again = wecom.encrypt(
    encodingAesKey,
    parts.message,
    parts.id,
    parts.random,
  );
  if (again !== encrypt) {
    throw malformed(diagnose(parts, cipherBytes.length));
  }

  if (parts.id !== componentAppId) {
    throw new ServiceError(
      "APPID_MISMATCH",
      "the decrypted message ends with another appid than " +
        "WECHAT_COMPONENT_APPID; the push was meant for another platform",
    );
  }
  return parts.message;
}

/** A best guess at what broke, for the operator reading the log. */
function diagnose(
  parts: { message: string; id: string },
  plainLength: number,
): string {
  const used =
    20 + Buffer.byteLength(parts.message) + Buffer.byteLength(parts.id);
  if (used === plainLength) {
    return "the last byte is not a pad value from 1 to 32";
  }
  if (parts.id === "") {
    return "the length field points past the end of the message";
  }
  return "the padding bytes disagree or the message is not UTF-8";
}

function malformed(reason: string, cause?: unknown): ServiceError {
  return new ServiceError(
    "DECRYPT_MALFORMED",
    `Encrypt did not decrypt to a well-formed message: ${reason}. ` +
      "If every push fails so, check WECHAT_COMPONENT_AES_KEY",
    { cause, details: { reason } },
  );
}
