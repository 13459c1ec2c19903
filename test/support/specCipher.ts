import { createCipheriv, randomBytes } from "node:crypto";

/**
 * WeChat's message encryption rebuilt from the spec inside the tests, so the
 * service's decryption is checked against a third implementation. `pad`
 * lets a test build a message with a broken padding.
 */
export function specEncrypt(
  encodingAesKey: string,
  xml: string,
  appId: string,
  options: {
    random?: Buffer;
    lengthField?: number;
    pad?: (unpaddedLength: number) => Buffer;
  } = {},
): string {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const message = Buffer.from(xml, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(options.lengthField ?? message.length);
  const body = Buffer.concat([
    options.random ?? randomBytes(16),
    length,
    message,
    Buffer.from(appId, "utf8"),
  ]);

  const padding = (options.pad ?? pkcs7To32)(body.length);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([body, padding])),
    cipher.final(),
  ]).toString("base64");
}

export function pkcs7To32(unpaddedLength: number): Buffer {
  const padLength = 32 - (unpaddedLength % 32);
  return Buffer.alloc(padLength, padLength);
}

/** How long a message must be for a given pad value, with this appid. */
export function messageLengthForPad(pad: number, appId: string): number {
  const fixed = 20 + Buffer.byteLength(appId);
  return (((32 - pad - fixed) % 32) + 32) % 32 || 32;
}
