import {
  createWeChatSandbox,
  type WeChatSandbox,
} from "../src/sandbox/createWeChatSandbox.ts";
import { CALLBACK_PATH } from "../src/receive/callbackRouter.ts";
import { silentLogger } from "../src/sandbox/sandboxLogger.ts";
import { credentials } from "../test/support/testConfig.ts";
import type { BenchAccount } from "./loadRun.ts";

export interface BenchSandbox {
  sandbox: WeChatSandbox;
  baseUrl: string;
  /** Authorizations whose codes api_query_auth will accept. */
  accounts: BenchAccount[];
  /** A ticket the sandbox issued, so component tokens can be had. */
  ticket: string;
  /**
   * Has the sandbox push that ticket to a service, as WeChat would, so its
   * first handler finds one stored rather than waiting for the bench's.
   */
  pushTicketTo(serviceUrl: string): Promise<void>;
}

/**
 * The local WeChat the full service calls, with a few merchants already
 * authorized (sets 18 and 45) and a ticket issued. It has no callback URL:
 * the bench's load generator sends the pushes itself, with those codes.
 */
export async function startBenchSandbox(
  accountCount: number,
): Promise<BenchSandbox> {
  const sandbox = createWeChatSandbox({
    componentAppId: credentials.appId,
    componentAppSecret: credentials.appSecret,
    componentToken: credentials.token,
    encodingAesKey: credentials.encodingAesKey,
    logger: silentLogger,
  });
  const { baseUrl } = await sandbox.start();

  const accounts: BenchAccount[] = [];
  for (let i = 0; i < accountCount; i++) {
    const authorizerAppId = `wxbench${String(i).padStart(11, "0")}`;
    const grant = await sandbox.authorize({
      authorizerAppid: authorizerAppId,
      funcScopeIds: [18, 45],
    });
    accounts.push({
      authorizerAppId,
      authorizationCode: grant.authorizationCode,
      authorizationCodeExpiredTime: grant.authorizationCodeExpiredTime,
    });
  }
  const { ticket } = await sandbox.pushTicket();

  async function pushTicketTo(serviceUrl: string) {
    sandbox.setCallbackUrl(`${serviceUrl}${CALLBACK_PATH}`);
    const { push } = await sandbox.pushTicket({ sameValue: true });
    sandbox.setCallbackUrl(undefined);
    if (push?.status !== 200 || push.body !== "success") {
      throw new Error(`the service refused the sandbox's ticket push`);
    }
  }
  return { sandbox, baseUrl, accounts, ticket, pushTicketTo };
}
