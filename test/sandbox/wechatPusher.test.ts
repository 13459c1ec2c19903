import { describe, expect, it } from "vitest";
import type { PushOptions } from "../../src/sandbox/wechatPusher.ts";
import type { ReceivedPush } from "./helpers/callbackReceiver.ts";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import {
  decryptFromSpec,
  sha1OfSorted,
  xmlValue,
} from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  START_MS,
  startTestSandbox,
} from "./helpers/testSandbox.ts";

const INNER = "<xml><InfoType><![CDATA[probe]]></InfoType></xml>";

function encryptOf(push: ReceivedPush): string {
  return xmlValue(push.body, "Encrypt") ?? "";
}

function signaturesOk(push: ReceivedPush): boolean {
  const q = (name: string) => push.query.get(name) ?? "";
  const timestamp = q("timestamp");
  const nonce = q("nonce");

  return (
    q("signature") === sha1OfSorted(COMPONENT.token, timestamp, nonce) &&
    q("msg_signature") ===
      sha1OfSorted(COMPONENT.token, timestamp, nonce, encryptOf(push))
  );
}

async function receiverAndSandbox(
  answer?: Parameters<typeof startCallbackReceiver>[0],
) {
  const receiver = await startCallbackReceiver(answer);
  const t = await startTestSandbox({ callbackUrl: receiver.url });

  return { receiver, t };
}

describe("pushes", () => {
  it("posts a signed, encrypted push that decrypts back", async () => {
    const { receiver, t } = await receiverAndSandbox();

    const result = await t.sandbox.pushXml(INNER);

    expect(result).toMatchObject({ status: 200, body: "success", attempts: 1 });
    const [push] = receiver.pushes;
    if (push === undefined) throw new Error("no push arrived");
    expect(push.contentType).toBe("text/xml");
    expect(push.query.get("encrypt_type")).toBe("aes");
    expect(push.query.get("timestamp")).toBe(String(START_MS / 1000));
    expect(push.query.get("nonce")).toMatch(/^\d+$/);
    expect(signaturesOk(push)).toBe(true);
    expect(push.body).toMatch(
      /^<xml><AppId><!\[CDATA\[wx1a2b3c4d5e6f7a8b\]\]><\/AppId><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/,
    );
    expect(decryptFromSpec(COMPONENT.aesKey, encryptOf(push))).toMatchObject({
      xml: INNER,
      appId: COMPONENT.appId,
    });
  });

  it("delivers the identical request twice when asked", async () => {
    const { receiver, t } = await receiverAndSandbox();

    const result = await t.sandbox.pushXml(INNER, { twice: true });

    expect(result.deliveries).toBe(2);
    const [first, second] = receiver.pushes;
    expect(receiver.pushes).toHaveLength(2);
    expect(second?.body).toBe(first?.body);
    expect(second?.query.toString()).toBe(first?.query.toString());
  });

  it("retries until the answer is success, three tries at most", async () => {
    const replies = [
      { status: 500, body: "oops" },
      { status: 200, body: "not yet" },
      { status: 200, body: "success" },
    ];
    const { receiver, t } = await receiverAndSandbox(
      (index) => replies[index] ?? { status: 200, body: "success" },
    );

    const result = await t.sandbox.pushXml(INNER);

    expect(result).toMatchObject({ status: 200, body: "success", attempts: 3 });
    expect(receiver.pushes).toHaveLength(3);
    expect(new Set(receiver.pushes.map((push) => push.body)).size).toBe(1);
  });

  it("gives up after the last try and reports what came back", async () => {
    const { receiver, t } = await receiverAndSandbox(() => ({
      status: 503,
      body: "down",
    }));

    const result = await t.sandbox.pushXml(INNER, { attempts: 2 });

    expect(result).toMatchObject({ status: 503, body: "down", attempts: 2 });
    expect(receiver.pushes).toHaveLength(2);
  });

  it("reports status 0 when nothing listens", async () => {
    const t = await startTestSandbox({ callbackUrl: "http://127.0.0.1:9/x" });

    const result = await t.sandbox.pushXml(INNER);

    expect(result.status).toBe(0);
    expect(result.attempts).toBe(3);
    expect(result.error).toBeTypeOf("string");
  });

  it("refuses to push without a callback URL", async () => {
    const t = await startTestSandbox();

    await expect(t.sandbox.pushXml(INNER)).rejects.toThrow(/callback URL/);
    expect((await t.sandbox.pushTicket()).push).toBeNull();
  });
});

describe("tampered pushes", () => {
  async function pushTampered(tamper: PushOptions) {
    const { receiver, t } = await receiverAndSandbox();
    await t.sandbox.pushXml(INNER, tamper);
    const push = receiver.pushes[0];
    if (push === undefined) throw new Error("no push arrived");

    return push;
  }

  it.each(["msgSignature", "signature"] as const)(
    "forges %s only",
    async (tamper) => {
      const push = await pushTampered({ tamper });

      expect(signaturesOk(push)).toBe(false);
      expect(decryptFromSpec(COMPONENT.aesKey, encryptOf(push)).xml).toBe(
        INNER,
      );
    },
  );

  it("leaves msg_signature out", async () => {
    const push = await pushTampered({ tamper: "missingMsgSignature" });

    expect(push.query.has("msg_signature")).toBe(false);
    expect(push.query.has("signature")).toBe(true);
  });

  it("signs a stale timestamp correctly", async () => {
    const push = await pushTampered({ tamper: "staleTimestamp" });

    expect(push.query.get("timestamp")).toBe(String(START_MS / 1000 - 3600));
    expect(signaturesOk(push)).toBe(true);
  });

  it("encrypts with a foreign appid trailer", async () => {
    const push = await pushTampered({ tamper: "appIdTrailer" });
    const opened = decryptFromSpec(COMPONENT.aesKey, encryptOf(push));

    expect(signaturesOk(push)).toBe(true);
    expect(opened.xml).toBe(INNER);
    expect(opened.appId).not.toBe(COMPONENT.appId);
  });

  it("names a foreign appid in the outer XML", async () => {
    const push = await pushTampered({ tamper: "outerAppId" });

    expect(xmlValue(push.body, "AppId")).not.toBe(COMPONENT.appId);
    expect(decryptFromSpec(COMPONENT.aesKey, encryptOf(push)).appId).toBe(
      COMPONENT.appId,
    );
  });

  it.each(["wrongKey", "badPadding", "lengthOverflow"] as const)(
    "makes %s fail decryption under the right key",
    async (tamper) => {
      const push = await pushTampered({ tamper });

      expect(signaturesOk(push)).toBe(true);
      expect(() => {
        const opened = decryptFromSpec(COMPONENT.aesKey, encryptOf(push));
        if (opened.appId !== COMPONENT.appId) throw new Error("wrong appid");
      }).toThrow();
    },
  );
});
