/**
 * The WeChat sandbox as a standalone process: a local stand-in for
 * api.weixin.qq.com plus the pushes WeChat sends to the authorization event
 * URL. It listens on 127.0.0.1 only and prints its base URL on stdout; logs
 * (pino, JSON) go to stderr and never carry secrets, tokens or tickets.
 *
 * Environment:
 *   WECHAT_COMPONENT_APPID, WECHAT_COMPONENT_APPSECRET   the platform
 *   WECHAT_COMPONENT_TOKEN, WECHAT_COMPONENT_AES_KEY     push signing and key
 *   SANDBOX_PORT                      default 0, a free port
 *   SANDBOX_CALLBACK_URL              where pushes go; unset: none are sent
 *   SANDBOX_TICKET_INTERVAL_SECONDS   default 600; 0 turns ticket pushes off
 *   SANDBOX_QUERY_PLUGIN_DAILY_QUOTA  default 500
 *   SANDBOX_TOKEN_LIFETIME_SECONDS    default 7200, for every access token
 *
 * Drive it with POST /sandbox/authorize, /sandbox/unauthorize,
 * /sandbox/push-ticket, /sandbox/script-answer, /sandbox/accept-query-plugin,
 * /sandbox/script-query-plugin, /sandbox/push-other, /sandbox/callback-url,
 * /sandbox/advance-clock, and GET /sandbox/calls, /sandbox/authorizers.
 * WeChat's bad days: POST /sandbox/script-delay {path, delayMs, times?},
 * /sandbox/script-drop {path, times?}, /sandbox/script-drop-after-effect
 * {path, times?}, /sandbox/ip-whitelist {ips: [..] | null},
 * /sandbox/expire-tokens {kind?, ownerAppId?}, /sandbox/token-lifetime
 * {seconds}, /sandbox/random-errors {path?, rate, errcode?, seed?} (DELETE
 * turns them off). Authorization pages: GET /cgi-bin/componentloginpage and
 * /wxaopen/safe/bindcomponent, scripted with POST /sandbox/next-merchant
 * {authorizerAppid, funcScopeIds, accountType?, deselect?, push?} and
 * /sandbox/release-held-push {id}; push "hold" also works on authorize.
 *
 * Choices made where WeChat's documents are silent:
 * - Tokens: a superseded token keeps working 5 minutes; a token past its
 *   lifetime (7200 s unless tokenLifetimeSeconds says otherwise; expires_in
 *   always says the same) answers 42001 even inside that grace; a superseded one after the
 *   grace, an unknown one, or one of the wrong kind answers 40001; no token
 *   answers 41001. Revoking an authorization kills its tokens (40001).
 * - Every pushed ticket stays valid 12 h from its first push (61005 after);
 *   a ticket never pushed or missing answers 61006. pushTicket() mints a new
 *   value unless asked to repeat the last one. The CLI pushes one at start
 *   and then every interval; api_start_push_ticket pushes after 1 s.
 * - A wrong or missing component_appid answers 40013 on every API.
 * - Authorization codes live 3600 s and may be exchanged again while
 *   unexpired; each exchange issues a new access token. Revoking the
 *   authorization voids its codes (61009). The browser redirect says
 *   expires_in=600 as WeChat's does.
 * - Each grant that pushes (authorized or updateauthorized) issues a new
 *   refresh token and the old one answers 61023 at once. A grant with an
 *   unchanged set pushes nothing and keeps the refresh token, but still
 *   yields an authorization code (the browser redirect carries one).
 * - api_authorizer_token and api_get_authorizer_info for an account that
 *   never authorized or has revoked answer 61003.
 * - func_info: confirm_info (all zeros) on sets 18 and 45 only.
 * - api_get_authorizer_list: only current authorizers, oldest grant first;
 *   count outside 1..500 or a negative offset answers 40097.
 * - open_query_plugin: token, then quota (calls with a valid token count;
 *   45009 until midnight UTC+8), then set 45 (61007), then the per-account
 *   scripted errcode if any, then 933003 once accepted, else 0. A repeat
 *   call while pending answers 0 without restarting the 24 h window; after
 *   24 h unaccepted the application lapses and the next call answers 0 anew.
 *   Official accounts are not refused.
 * - Bodies: empty answers 44002, not a JSON object 47001; tokens are read
 *   from the query only. Unknown paths answer HTTP 404.
 * - Pushes: 3 tries, 5 s apart, while the answer is not HTTP 2xx with body
 *   `success`; a retry resends the identical request. Values in CDATA,
 *   numbers bare; "other" InfoTypes use the element names given.
 * - A call goes: network fault, IP whitelist, body (44002/47001),
 *   scriptAnswer, randomErrors, token, then the API itself, which alone can
 *   take effect; every refusal before it changes nothing but the call log.
 *   Scripted errcodes are answered as is; 0 lets that call run normally.
 * - Network faults queue per API in the order scripted; each call takes one.
 *   scriptDelay: the call takes effect on arrival and only the answer waits
 *   (real time, so a caller that gives up meets the ambiguous case too);
 *   stop() abandons answers still waiting. scriptDrop destroys the socket
 *   before anything is decided: nothing counted, no scripted answer used.
 *   scriptDropAfterEffect decides and records, then destroys the socket.
 *   The call log marks them (delayMs, dropped; errcode and status null
 *   where no answer was decided or sent).
 * - IP whitelist: exact addresses; an IPv4 caller matches "1.2.3.4" or
 *   "::ffff:1.2.3.4". The errmsg reads `invalid ip 1.2.3.4 ipv6
 *   ::ffff:1.2.3.4, not in whitelist rid: …`; a plain IPv6 caller shows its
 *   address in both places. It covers every API, not the pages.
 * - expireTokens ends only tokens that would pass now (a superseded one in
 *   its grace included); they answer 42001 for good. Later tokens are new.
 * - randomErrors: one setting at a time, replaced by the next call; one draw
 *   per matching call, from a seeded mulberry32 when seeded, else
 *   Math.random. A failed call answers apiError(errcode) and changes nothing.
 * - Authorization pages: checks in order (mobile: action=bindcomponent and
 *   no_scan=1), component_appid, pre_auth_code (unknown, used, expired after
 *   600 s), redirect_uri (absolute http(s)), auth_type (1, 2 or 3),
 *   category_id_list (ids joined by |), then the next queued merchant: its
 *   account type must fit auth_type, its appid biz_appid, and it must grant
 *   at least one set. Any failure: HTTP 400, an HTML page naming it; the
 *   code stays unused; a merchant is used up once the page reached it.
 * - Granted sets = the merchant's funcScopeIds that the page offers
 *   (category_id_list, when given) minus deselect. Both pages honour the
 *   list; pcPageIgnoresCategoryIdList makes the PC page ignore it, as one
 *   report says WeChat's does. redirect_uri's domain is not checked.
 * - The page pushes (with retries) before it redirects, so the push arrives
 *   first; push "hold" inverts that until releaseHeldPush. The redirect
 *   appends auth_code (URL-encoded) and expires_in=600 to redirect_uri as
 *   text, leaving its own query and fragment as they were.
 * - A held push carries the grant's CreateTime and codes; only its
 *   signature and timestamp are of the release. Releasing twice, too early or for a merchant
 *   the page refused throws. A grant with nothing to push releases null.
 */
import { pino } from "pino";
import { createWeChatSandbox } from "./createWeChatSandbox.ts";
import { readSandboxEnv } from "./readSandboxEnv.ts";

async function main(): Promise<void> {
  const logger = pino({ name: "wechat-sandbox" }, pino.destination(2));
  const { options, port } = readSandboxEnv(process.env);
  const sandbox = createWeChatSandbox({ ...options, logger });
  const { baseUrl } = await sandbox.start(port);
  process.stdout.write(`${baseUrl}\n`);

  const shutDown = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutDown);
  process.once("SIGTERM", shutDown);
}

main().catch((error: unknown) => {
  process.stderr.write(`wechat sandbox: ${(error as Error).message}\n`);
  process.exit(1);
});
