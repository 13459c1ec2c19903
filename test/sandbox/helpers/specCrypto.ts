import { createDecipheriv, createHash } from "node:crypto";

/**
 * Written from WECHAT.md alone, independently of src/sandbox, so that the
 * sandbox's output is checked against the spec rather than against itself.
 */
export function decryptFromSpec(
  encodingAesKey: string,
  encrypt: string,
): { xml: string; appId: string; random: Buffer } {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([
    decipher.update(Buffer.from(encrypt, "base64")),
    decipher.final(),
  ]);

  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > 32) throw new Error(`bad padding value ${pad}`);
  if (padded.length % 32 !== 0) throw new Error("not a multiple of 32 bytes");
  const plain = padded.subarray(0, padded.length - pad);
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error("length field overflows");

  return {
    random: plain.subarray(0, 16),
    xml: plain.subarray(20, 20 + length).toString("utf8"),
    appId: plain.subarray(20 + length).toString("utf8"),
  };
}

export function sha1OfSorted(...parts: string[]): string {
  return createHash("sha1").update(parts.sort().join("")).digest("hex");
}

/** The text of one element, with or without CDATA. */
export function xmlValue(xml: string, name: string): string | undefined {
  const match = new RegExp(
    `<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`,
  ).exec(xml);

  return match === null ? undefined : (match[1] ?? match[2]);
}
