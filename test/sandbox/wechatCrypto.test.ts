import { describe, expect, it } from "vitest";
import {
  aesKeyFrom,
  encryptForWeChat,
  msgSignature,
  plainSignature,
} from "../../src/sandbox/wechatCrypto.ts";
import { decryptFromSpec, sha1OfSorted } from "./helpers/specCrypto.ts";

const OFFICIAL = {
  key: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  appId: "wxb11529c136998cb6",
  random: "aaaabbbbccccdddd",
  plaintext: "我是中文abcd123",
  encrypt:
    "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
};

const WECOM_URL_CHECK = {
  key: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  id: "wx5823bf96d3bd56c7",
  token: "QDG6eK",
  timestamp: "1409659589",
  nonce: "263014780",
  msgSignature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
  echostr:
    "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
  plaintext: "1616140317555161061",
};

describe("wechatCrypto", () => {
  it("reproduces the official sample ciphertext", () => {
    const encrypt = encryptForWeChat(
      OFFICIAL.key,
      OFFICIAL.plaintext,
      OFFICIAL.appId,
      OFFICIAL.random,
    );

    expect(encrypt).toBe(OFFICIAL.encrypt);
  });

  it("pads the official sample with 7 bytes of value 7", () => {
    // 16 random + 4 length + 19 UTF-8 bytes + 18 appid = 57, so 7 to 64.
    const key = Buffer.from(`${OFFICIAL.key}=`, "base64");
    const bytes = Buffer.from(OFFICIAL.encrypt, "base64");

    expect(key).toHaveLength(32);
    expect(bytes).toHaveLength(64);
  });

  it("reproduces the WeCom URL-check msg_signature", () => {
    const { token, timestamp, nonce, echostr } = WECOM_URL_CHECK;

    expect(msgSignature(token, timestamp, nonce, echostr)).toBe(
      WECOM_URL_CHECK.msgSignature,
    );
    expect(msgSignature(token, Number(timestamp), nonce, echostr)).toBe(
      WECOM_URL_CHECK.msgSignature,
    );
  });

  it("agrees with the spec decrypter on the WeCom echostr", () => {
    const opened = decryptFromSpec(
      WECOM_URL_CHECK.key,
      WECOM_URL_CHECK.echostr,
    );
    const again = encryptForWeChat(
      WECOM_URL_CHECK.key,
      opened.xml,
      opened.appId,
      opened.random,
    );

    expect(opened.xml).toBe(WECOM_URL_CHECK.plaintext);
    expect(opened.appId).toBe(WECOM_URL_CHECK.id);
    expect(again).toBe(WECOM_URL_CHECK.echostr);
  });

  it("round-trips through the spec decrypter with a random prefix", () => {
    const xml = "<xml><InfoType><![CDATA[x]]></InfoType></xml>";
    const first = encryptForWeChat(OFFICIAL.key, xml, OFFICIAL.appId);
    const second = encryptForWeChat(OFFICIAL.key, xml, OFFICIAL.appId);

    expect(first).not.toBe(second);
    expect(decryptFromSpec(OFFICIAL.key, first)).toMatchObject({
      xml,
      appId: OFFICIAL.appId,
    });
  });

  it("pads a block-aligned plaintext with a whole 32-byte block", () => {
    // 16 + 4 + 26 + 18 = 64 bytes, already aligned.
    const xml = "a".repeat(26);
    const encrypt = encryptForWeChat(OFFICIAL.key, xml, OFFICIAL.appId);

    expect(Buffer.from(encrypt, "base64")).toHaveLength(96);
    expect(decryptFromSpec(OFFICIAL.key, encrypt).xml).toBe(xml);
  });

  it("signs without Encrypt for the plain signature", () => {
    expect(plainSignature("tok", 1700000000, "42")).toBe(
      sha1OfSorted("tok", "1700000000", "42"),
    );
  });

  it("refuses keys that are not 43 base64 characters", () => {
    expect(() => aesKeyFrom("short")).toThrow(/43 base64 characters/);
    expect(() => aesKeyFrom(`${OFFICIAL.key.slice(0, 42)}!`)).toThrow();
    expect(() =>
      encryptForWeChat(OFFICIAL.key, "x", OFFICIAL.appId, "too short"),
    ).toThrow(/16 bytes/);
  });
});
