import { randomBytes, randomInt } from "node:crypto";

const LETTERS_AND_DIGITS =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random letters and digits, the look of WeChat's tokens and codes. */
export function randomText(length: number): string {
  let text = "";
  for (let i = 0; i < length; i += 1) {
    text += LETTERS_AND_DIGITS.charAt(randomInt(LETTERS_AND_DIGITS.length));
  }

  return text;
}

/** A decimal nonce like the ones WeChat puts in push queries. */
export function randomNonce(): string {
  return String(randomInt(100_000_000, 2_000_000_000));
}

/** A request id in the style WeChat appends to every errmsg. */
export function randomRid(): string {
  const hex = randomBytes(12).toString("hex");

  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16)}`;
}
