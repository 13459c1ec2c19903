import { describe, expect, it } from "vitest";

import { decryptMessage } from "../../src/decrypt/decryptMessage.ts";
import { ServiceError } from "../../src/errors.ts";
import { encryptForWeChat } from "../../src/sandbox/wechatCrypto.ts";
import { messageLengthForPad, specEncrypt } from "../support/specCipher.ts";

const officialKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const officialAppId = "wxb11529c136998cb6";
const otherKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ServiceError ? error.code : "not a ServiceError";
  }
  return undefined;
}

describe("decryptMessage", () => {
  it("decrypts the official sample vector", () => {
    const encrypt =
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    expect(decryptMessage(encrypt, [officialKey], officialAppId)).toBe(
      "我是中文abcd123",
    );
  });

  it("reproduces the official vector when rebuilt from the spec", () => {
    const rebuilt = specEncrypt(officialKey, "我是中文abcd123", officialAppId, {
      random: Buffer.from("aaaabbbbccccdddd"),
    });

    expect(rebuilt).toBe(
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
    );
  });

  it("decrypts what the sandbox encrypts, Chinese text included", () => {
    const xml =
      "<xml><AppId>wxb11529c136998cb6</AppId><Note>商家授权</Note></xml>";
    const encrypt = encryptForWeChat(officialKey, xml, officialAppId);

    expect(decryptMessage(encrypt, [officialKey], officialAppId)).toBe(xml);
  });

  it.each([1, 16, 17, 32])("accepts a message whose pad value is %i", (pad) => {
    const xml = "x".repeat(messageLengthForPad(pad, officialAppId));
    const encrypt = specEncrypt(officialKey, xml, officialAppId);
    expect((20 + xml.length + officialAppId.length + pad) % 32).toBe(0);

    expect(decryptMessage(encrypt, [officialKey], officialAppId)).toBe(xml);
  });

  it.each([
    ["a zero pad byte", (n: number) => Buffer.alloc(32 - (n % 32), 0)],
    ["a pad byte above 32", (n: number) => Buffer.alloc(32 - (n % 32), 33)],
    [
      "pad bytes that disagree",
      (n: number) => {
        const pad = Buffer.alloc(32 - (n % 32), 32 - (n % 32));
        pad[0] = 1;
        return pad;
      },
    ],
    [
      "a 16-byte (AES block) pad",
      (n: number) => Buffer.alloc(16 - (n % 16), 16 - (n % 16)),
    ],
  ])("refuses %s", (_name, pad) => {
    // 4 bytes past a 32-byte boundary: the right pad is 28, an AES-style
    // pad would be 12, and the two paddings can be told apart.
    const xml = "y".repeat(messageLengthForPad(28, officialAppId));
    const encrypt = specEncrypt(officialKey, xml, officialAppId, { pad });

    const code = codeOf(() =>
      decryptMessage(encrypt, [officialKey], officialAppId),
    );
    expect(["DECRYPT_MALFORMED", "ENCRYPT_BLOCK_LENGTH"]).toContain(code);
  });

  it("refuses a length field that points past the end", () => {
    const encrypt = specEncrypt(officialKey, "<xml/>", officialAppId, {
      lengthField: 5000,
    });

    expect(
      codeOf(() => decryptMessage(encrypt, [officialKey], officialAppId)),
    ).toBe("DECRYPT_MALFORMED");
  });

  it("refuses a tampered first block", () => {
    const xml = "<xml><AppId>wxb11529c136998cb6</AppId></xml>";
    const bytes = Buffer.from(
      specEncrypt(officialKey, xml, officialAppId),
      "base64",
    );
    bytes[3]! ^= 0xff;
    bytes[1]! ^= 0x10;
    const tampered = bytes.toString("base64");

    const run = () => decryptMessage(tampered, [officialKey], officialAppId);
    // CBC has no integrity of its own: flipping block one garbles the
    // length field in block two, which the checks catch.
    expect(codeOf(run)).toBe("DECRYPT_MALFORMED");
  });

  it("refuses a message encrypted with another key", () => {
    const encrypt = specEncrypt(otherKey, "<xml>hello</xml>", officialAppId);

    expect(
      codeOf(() => decryptMessage(encrypt, [officialKey], officialAppId)),
    ).toBe("DECRYPT_MALFORMED");
  });

  it("accepts the previous key during a rotation", () => {
    const encrypt = specEncrypt(otherKey, "<xml>rotated</xml>", officialAppId);

    expect(
      decryptMessage(encrypt, [officialKey, otherKey], officialAppId),
    ).toBe("<xml>rotated</xml>");
  });

  it("refuses a message that ends with another appid", () => {
    const encrypt = specEncrypt(officialKey, "<xml/>", "wx0000000000000000");

    expect(
      codeOf(() => decryptMessage(encrypt, [officialKey], officialAppId)),
    ).toBe("APPID_MISMATCH");
  });

  it.each([
    ["not base64", "!!!!notbase64!!!"],
    [
      "base64 with a stray character",
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP*2D6gU39rmk=",
    ],
  ])("refuses Encrypt that is %s", (_name, encrypt) => {
    expect(
      codeOf(() => decryptMessage(encrypt, [officialKey], officialAppId)),
    ).toBe("ENCRYPT_NOT_BASE64");
  });

  it.each([
    ["48 bytes", Buffer.alloc(48, 7).toString("base64")],
    ["empty", ""],
  ])("refuses a ciphertext of %s, not a multiple of 32", (_name, encrypt) => {
    expect(
      codeOf(() => decryptMessage(encrypt, [officialKey], officialAppId)),
    ).toBe("ENCRYPT_BLOCK_LENGTH");
  });
});
