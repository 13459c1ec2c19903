import { describe, expect, it } from "vitest";
import { startCallbackReceiver } from "./helpers/callbackReceiver.ts";
import { decryptFromSpec, xmlValue } from "./helpers/specCrypto.ts";
import {
  COMPONENT,
  HOUR_MS,
  MINUTE_MS,
  startTestSandbox,
  type TestSandbox,
} from "./helpers/testSandbox.ts";

const TOKEN_PATH = "/cgi-bin/component/api_component_token";
const PREAUTH_PATH = "/cgi-bin/component/api_create_preauthcode";

function tokenBody(ticket: string, overrides: Record<string, unknown> = {}) {
  return {
    component_appid: COMPONENT.appId,
    component_appsecret: COMPONENT.secret,
    component_verify_ticket: ticket,
    ...overrides,
  };
}

async function newToken(t: TestSandbox, ticket: string): Promise<string> {
  const answer = await t.post(TOKEN_PATH, tokenBody(ticket));
  return String(answer.component_access_token);
}

function usePreAuth(t: TestSandbox, token: string | undefined) {
  const query: Record<string, string> =
    token === undefined ? {} : { component_access_token: token };
  return t.post(PREAUTH_PATH, { component_appid: COMPONENT.appId }, query);
}

describe("api_component_token", () => {
  it("answers a token for the latest ticket", async () => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();

    const answer = await t.post(TOKEN_PATH, tokenBody(ticket));

    expect(answer.errcode).toBeUndefined();
    expect(answer.expires_in).toBe(7200);
    expect(answer.component_access_token).toMatch(/^[A-Za-z0-9]{100,}$/);
  });

  it.each([
    [40013, { component_appid: "wx0000000000000000" }],
    [40013, { component_appid: undefined }],
    [41004, { component_appsecret: undefined }],
    [40125, { component_appsecret: "not-the-secret" }],
    [61006, { component_verify_ticket: "ticket@@@never-pushed" }],
    [61006, { component_verify_ticket: undefined }],
  ])("answers %i for %o", async (errcode, overrides) => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();

    const answer = await t.post(TOKEN_PATH, tokenBody(ticket, overrides));

    expect(answer.errcode).toBe(errcode);
    expect(answer.errmsg).toMatch(/rid: /);
    expect(answer).not.toHaveProperty("component_access_token");
  });

  it("answers 61006 before any ticket was pushed", async () => {
    const t = await startTestSandbox();

    const answer = await t.post(TOKEN_PATH, tokenBody("ticket@@@x"));

    expect(answer.errcode).toBe(61006);
  });

  it("keeps every ticket for 12 hours, then answers 61005", async () => {
    const t = await startTestSandbox();
    const first = await t.sandbox.pushTicket();
    t.advance(10 * MINUTE_MS);
    await t.sandbox.pushTicket();

    t.advance(11 * HOUR_MS);
    expect((await t.post(TOKEN_PATH, tokenBody(first.ticket))).errcode).toBe(
      undefined,
    );

    t.advance(HOUR_MS);
    expect((await t.post(TOKEN_PATH, tokenBody(first.ticket))).errcode).toBe(
      61005,
    );
  });

  it("can push the same ticket value again", async () => {
    const t = await startTestSandbox();
    const first = await t.sandbox.pushTicket();

    const again = await t.sandbox.pushTicket({ sameValue: true });

    expect(again.ticket).toBe(first.ticket);
    expect(again.ticketId).toBe(first.ticketId);
  });
});

describe("component token lifetime", () => {
  it("keeps the previous token 5 minutes after a new one", async () => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();
    const old = await newToken(t, ticket);
    const latest = await newToken(t, ticket);

    t.advance(5 * MINUTE_MS - 1000);
    expect((await usePreAuth(t, old)).errcode).toBeUndefined();

    t.advance(1000);
    expect((await usePreAuth(t, old)).errcode).toBe(40001);
    expect((await usePreAuth(t, latest)).errcode).toBeUndefined();
  });

  it("answers 42001 once 7200 seconds have passed", async () => {
    const t = await startTestSandbox();
    const { ticket } = await t.sandbox.pushTicket();
    const token = await newToken(t, ticket);

    t.advance(2 * HOUR_MS - 1000);
    expect((await usePreAuth(t, token)).pre_auth_code).toMatch(
      /^preauthcode@@@/,
    );

    t.advance(1000);
    expect((await usePreAuth(t, token)).errcode).toBe(42001);
  });

  it("answers 41001 without a token and 40001 for an unknown one", async () => {
    const t = await startTestSandbox();

    expect((await usePreAuth(t, undefined)).errcode).toBe(41001);
    expect((await usePreAuth(t, "made-up")).errcode).toBe(40001);
  });
});

describe("api_start_push_ticket", () => {
  it("answers 0 and pushes a ticket soon after", async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSandbox({ callbackUrl: receiver.url });

    const answer = await t.post("/cgi-bin/component/api_start_push_ticket", {
      component_appid: COMPONENT.appId,
      component_secret: COMPONENT.secret,
    });

    expect(answer.errcode).toBe(0);
    await expect.poll(() => receiver.pushes.length).toBe(1);
    const encrypt = xmlValue(receiver.pushes[0]?.body ?? "", "Encrypt") ?? "";
    const { xml } = decryptFromSpec(COMPONENT.aesKey, encrypt);
    expect(xmlValue(xml, "InfoType")).toBe("component_verify_ticket");
    const ticket = xmlValue(xml, "ComponentVerifyTicket") ?? "";
    expect(ticket).toMatch(/^ticket@@@/);
    expect((await t.post(TOKEN_PATH, tokenBody(ticket))).expires_in).toBe(7200);
  });

  it.each([
    [40013, { component_appid: "wx0000000000000000" }],
    [41004, { component_secret: undefined }],
    [40125, { component_secret: "nope" }],
  ])("answers %i for %o", async (errcode, overrides) => {
    const t = await startTestSandbox();

    const answer = await t.post("/cgi-bin/component/api_start_push_ticket", {
      component_appid: COMPONENT.appId,
      component_secret: COMPONENT.secret,
      ...overrides,
    });

    expect(answer.errcode).toBe(errcode);
  });
});
