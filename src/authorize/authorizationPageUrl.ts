/** Mini Programs only: 1 is official accounts, 3 both. */
const AUTH_TYPE_MINI_PROGRAM = "2";

export type Platform = "pc" | "mobile";

/**
 * The WeChat page where a merchant's admin grants the platform its
 * permission sets: the PC page (scanned with WeChat) or the mobile page
 * (opened inside WeChat). Asks for Mini Programs and the given permission
 * sets (45 by default); the merchant may still deselect some, so func_info
 * decides what was granted.
 */
export function authorizationPageUrl(input: {
  platform: Platform;
  mpBaseUrl: string;
  openBaseUrl: string;
  componentAppId: string;
  preAuthCode: string;
  redirectUri: string;
  categoryIds: readonly number[];
  bizAppId?: string;
}): string {
  const url =
    input.platform === "pc"
      ? new URL("/cgi-bin/componentloginpage", input.mpBaseUrl)
      : new URL("/wxaopen/safe/bindcomponent", input.openBaseUrl);
  if (input.platform === "mobile") {
    url.searchParams.set("action", "bindcomponent");
    url.searchParams.set("no_scan", "1");
  }
  url.searchParams.set("component_appid", input.componentAppId);
  url.searchParams.set("pre_auth_code", input.preAuthCode);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("auth_type", AUTH_TYPE_MINI_PROGRAM);
  url.searchParams.set("category_id_list", input.categoryIds.join("|"));
  if (input.bizAppId) url.searchParams.set("biz_appid", input.bizAppId);
  if (input.platform === "mobile") url.hash = "wechat_redirect";
  return url.toString();
}

/** WeChat's in-app browser says MicroMessenger in its user agent. */
export function platformOf(
  requested: unknown,
  userAgent: string | undefined,
): Platform {
  if (requested === "pc" || requested === "mobile") return requested;
  return /MicroMessenger/i.test(userAgent ?? "") ? "mobile" : "pc";
}
