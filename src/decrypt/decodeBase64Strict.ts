import { ServiceError } from "../errors.ts";

/**
 * Node's base64 decoder skips characters it does not know, so a mangled
 * Encrypt text would silently decode to something. Only canonical base64 is
 * accepted here.
 */
export function decodeBase64Strict(text: string): Buffer {
  const shaped = text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
  const bytes = Buffer.from(text, "base64");

  if (!shaped || bytes.toString("base64") !== text) {
    throw new ServiceError(
      "ENCRYPT_NOT_BASE64",
      "Encrypt must be canonical base64 (A-Z a-z 0-9 + / and = padding); " +
        `got ${text.length} characters that are not`,
    );
  }
  return bytes;
}
