import type { Request, RequestHandler, Response } from "express";
import { authorizeAccount } from "./authorizeAccount.ts";
import { AuthorizationPageError } from "./authorizationPageError.ts";
import type { QueuedMerchant } from "./merchantQueue.ts";
import {
  loggableQuery,
  readPageQuery,
  type PageQuery,
  type PageSurface,
} from "./pageQuery.ts";
import type { SandboxContext } from "./sandboxContext.ts";

export const PC_PAGE_PATH = "/cgi-bin/componentloginpage";
export const MOBILE_PAGE_PATH = "/wxaopen/safe/bindcomponent";

function checkPreAuthCode(context: SandboxContext, code: string): void {
  const record = context.preAuthCodes.get(code);
  if (record === undefined) {
    throw new AuthorizationPageError(
      "pre_auth_code was not issued by api_create_preauthcode",
    );
  }
  if (record.used) {
    throw new AuthorizationPageError("pre_auth_code was already used");
  }
  if (context.clock.nowMs() >= record.expiresAtMs) {
    throw new AuthorizationPageError(
      "pre_auth_code expired (codes live 600 seconds)",
    );
  }
}

function offersAccount(query: PageQuery, merchant: QueuedMerchant): boolean {
  if (query.authType === 3) return true;

  return query.authType === 1
    ? merchant.accountType === "officialaccount"
    : merchant.accountType === "miniprogram";
}

/** The sets the merchant ends up granting: ticked, offered, not unticked. */
function grantedSets(
  context: SandboxContext,
  surface: PageSurface,
  query: PageQuery,
  merchant: QueuedMerchant,
): number[] {
  const ignoresList =
    surface === "pc" && context.config.pcPageIgnoresCategoryIdList;
  const offered = ignoresList ? null : query.categoryIds;

  return merchant.funcScopeIds.filter(
    (id) =>
      (offered === null || offered.includes(id)) &&
      !merchant.deselect.includes(id),
  );
}

function checkMerchant(
  query: PageQuery,
  merchant: QueuedMerchant,
  granted: number[],
): void {
  const appid = merchant.authorizerAppid;
  if (!offersAccount(query, merchant)) {
    throw new AuthorizationPageError(
      `auth_type=${query.authType} does not offer ${appid}, a ` +
        `${merchant.accountType}`,
    );
  }
  if (query.bizAppid !== null && query.bizAppid !== appid) {
    throw new AuthorizationPageError(
      `biz_appid restricts the page to ${query.bizAppid}; the merchant ` +
        `is ${appid}`,
    );
  }
  if (granted.length === 0) {
    throw new AuthorizationPageError(
      `${appid} would grant no permission set: check funcScopeIds, ` +
        `deselect and category_id_list`,
    );
  }
}

/** Runs the page; the URL to redirect to, or an AuthorizationPageError. */
async function confirmPage(
  context: SandboxContext,
  surface: PageSurface,
  request: Request,
): Promise<string> {
  const config = context.config;
  const query = readPageQuery(request.query, surface, config.componentAppId);
  checkPreAuthCode(context, query.preAuthCode);
  const merchant = context.merchants.take();
  if (merchant === undefined) {
    throw new AuthorizationPageError(
      "no merchant is waiting: call nextMerchant() before opening the page",
    );
  }
  const granted = grantedSets(context, surface, query, merchant);
  try {
    checkMerchant(query, merchant, granted);
  } catch (error) {
    const id = merchant.heldPushId;
    if (id !== null) context.heldPushes.refuse(id, (error as Error).message);
    throw error;
  }

  const result = await authorizeAccount(
    context,
    {
      authorizerAppid: merchant.authorizerAppid,
      funcScopeIds: granted,
      accountType: merchant.accountType,
      preAuthCode: query.preAuthCode,
      redirectUri: query.redirectUri,
    },
    merchant.push,
    merchant.heldPushId ?? undefined,
  );
  context.logger.info(
    {
      merchantId: merchant.merchantId,
      authorizerAppid: merchant.authorizerAppid,
      infoType: result.infoType,
    },
    "authorization page confirmed",
  );
  return result.redirectUrl ?? query.redirectUri;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => `&#${char.charCodeAt(0).toString()};`,
  );
}

function refuse(response: Response, message: string): void {
  response
    .status(400)
    .type("html")
    .send(
      `<!doctype html><title>Authorization failed</title>` +
        `<h1>Authorization failed</h1><p>${escapeHtml(message)}</p>`,
    );
}

/**
 * GET handler for an authorization page: checks the query and the pre-auth
 * code, lets the next scripted merchant confirm, then redirects the browser
 * to redirect_uri with auth_code and expires_in.
 */
export function authorizationPage(
  surface: PageSurface,
  context: SandboxContext,
): RequestHandler {
  const path = surface === "pc" ? PC_PAGE_PATH : MOBILE_PAGE_PATH;

  return async (request, response) => {
    const atMs = context.clock.nowMs();
    let outcome: { location: string } | { refusal: string };
    try {
      outcome = { location: await confirmPage(context, surface, request) };
    } catch (error) {
      if (!(error instanceof AuthorizationPageError)) throw error;
      outcome = { refusal: error.message };
      context.logger.warn({ path, reason: error.message }, "page refused");
    }

    context.callLog.record({
      kind: "page",
      path,
      body: null,
      query: loggableQuery(request.query),
      tokenId: null,
      issuedTokenId: null,
      errcode: null,
      status: "location" in outcome ? 302 : 400,
      scripted: false,
      injected: null,
      delayMs: null,
      dropped: null,
      atMs,
    });
    if ("location" in outcome) response.redirect(302, outcome.location);
    else refuse(response, outcome.refusal);
  };
}
