import { createCipheriv, createHash, randomBytes } from "node:crypto";

// WeChat pads to 32 bytes even though AES works on 16-byte blocks.
const PAD_BLOCK_BYTES = 32;
const RANDOM_PREFIX_BYTES = 16;
const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;

/** Decodes a 43-character EncodingAESKey into the 32-byte AES key. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY_PATTERN.test(encodingAesKey)) {
    throw new Error(
      `EncodingAESKey must be 43 base64 characters (A-Z a-z 0-9 + /); ` +
        `got ${encodingAesKey.length} characters. Copy it again from the ` +
        `platform's development settings.`,
    );
  }

  return Buffer.from(`${encodingAesKey}=`, "base64");
}

/** Adds PKCS#7 padding up to a multiple of 32 bytes (pad values 1..32). */
export function padTo32(data: Buffer): Buffer {
  const padBytes = PAD_BLOCK_BYTES - (data.length % PAD_BLOCK_BYTES);

  return Buffer.concat([data, Buffer.alloc(padBytes, padBytes)]);
}

/** random(16) ‖ length(4, big-endian) ‖ XML ‖ appid, before padding. */
export function wechatPlaintext(
  xml: string,
  appId: string,
  random: Buffer | string = randomBytes(RANDOM_PREFIX_BYTES),
): Buffer {
  const randomPrefix = Buffer.isBuffer(random) ? random : Buffer.from(random);
  if (randomPrefix.length !== RANDOM_PREFIX_BYTES) {
    throw new Error(
      `the random prefix must be ${RANDOM_PREFIX_BYTES} bytes; ` +
        `got ${randomPrefix.length}`,
    );
  }
  const message = Buffer.from(xml, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);

  return Buffer.concat([randomPrefix, length, message, Buffer.from(appId)]);
}

/** AES-256-CBC with IV = key[0..16] over already padded bytes; base64 out. */
export function encryptPadded(encodingAesKey: string, padded: Buffer): string {
  const key = aesKeyFrom(encodingAesKey);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);

  return Buffer.concat([cipher.update(padded), cipher.final()]).toString(
    "base64",
  );
}

/** The `Encrypt` text WeChat would send for this XML. */
export function encryptForWeChat(
  encodingAesKey: string,
  xml: string,
  appId: string,
  random?: Buffer | string,
): string {
  const plaintext = wechatPlaintext(xml, appId, random);

  return encryptPadded(encodingAesKey, padTo32(plaintext));
}

/** Hex sha1 over the sorted, joined strings. */
function sortedSha1(parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

/** The `msg_signature` query parameter. */
export function msgSignature(
  token: string,
  timestamp: string | number,
  nonce: string,
  encrypt: string,
): string {
  return sortedSha1([token, String(timestamp), nonce, encrypt]);
}

/** The `signature` query parameter (no `Encrypt` in it). */
export function plainSignature(
  token: string,
  timestamp: string | number,
  nonce: string,
): string {
  return sortedSha1([token, String(timestamp), nonce]);
}
