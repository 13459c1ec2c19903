import { onTestFinished } from "vitest";
import {
  createWeChatSandbox,
  type WeChatSandboxOptions,
} from "../../../src/sandbox/createWeChatSandbox.ts";

export const COMPONENT = {
  appId: "wx1a2b3c4d5e6f7a8b",
  secret: "component-secret-for-tests",
  token: "push-token-for-tests",
  aesKey: "Qp3Lr8sTv1Wx5Yz7Ab9Cd2Ef4Gh6Ij8Kl0Mn2Op4Qr6",
};

export const START_MS = Date.UTC(2025, 0, 15, 2, 0, 0);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export type WeChatAnswer = Record<string, unknown> & {
  errcode?: number;
  errmsg?: string;
};

/** A sandbox on 127.0.0.1, a free port, and a hand-driven clock. */
export async function startTestSandbox(
  overrides: Partial<WeChatSandboxOptions> = {},
) {
  let nowMs = START_MS;
  const sandbox = createWeChatSandbox({
    componentAppId: COMPONENT.appId,
    componentAppSecret: COMPONENT.secret,
    componentToken: COMPONENT.token,
    encodingAesKey: COMPONENT.aesKey,
    now: () => nowMs,
    ticketPushDelayMs: 10,
    pushRetryDelayMs: 10,
    ...overrides,
  });
  const { baseUrl } = await sandbox.start();
  onTestFinished(() => sandbox.stop());

  async function post(
    path: string,
    body: unknown,
    query: Record<string, string> = {},
  ): Promise<WeChatAnswer> {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, value);
    }
    const response = await fetch(url, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    if (response.status !== 200) {
      throw new Error(`${path} answered HTTP ${response.status}`);
    }
    return (await response.json()) as WeChatAnswer;
  }

  return {
    sandbox,
    baseUrl,
    post,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

export async function componentAccessToken(t: TestSandbox): Promise<string> {
  const { ticket } = await t.sandbox.pushTicket();
  const answer = await t.post("/cgi-bin/component/api_component_token", {
    component_appid: COMPONENT.appId,
    component_appsecret: COMPONENT.secret,
    component_verify_ticket: ticket,
  });

  return String(answer.component_access_token);
}

/** Authorizes an account and exchanges the code, as the service would. */
export async function authorizeAndExchange(
  t: TestSandbox,
  authorizerAppid: string,
  funcScopeIds: number[] = [17, 18, 45],
) {
  const componentToken = await componentAccessToken(t);
  const grant = await t.sandbox.authorize({ authorizerAppid, funcScopeIds });
  const answer = await t.post(
    "/cgi-bin/component/api_query_auth",
    {
      component_appid: COMPONENT.appId,
      authorization_code: grant.authorizationCode,
    },
    { component_access_token: componentToken },
  );
  const info = answer.authorization_info as Record<string, unknown>;

  return {
    componentToken,
    grant,
    accessToken: String(info.authorizer_access_token),
    refreshToken: String(info.authorizer_refresh_token),
    answer,
  };
}

/** POSTs to one of the sandbox's /sandbox/... scripting routes. */
export async function script(t: TestSandbox, name: string, body: unknown) {
  const response = await fetch(`${t.baseUrl}/sandbox/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // Answers differ per route; tests look into them field by field.
  const json = (await response.json()) as Record<string, any>;
  return { status: response.status, json };
}
