import type { Request } from "express";
import { AuthorizationPageError } from "./authorizationPageError.ts";

/** PC: mp.weixin.qq.com's componentloginpage; mobile: bindcomponent. */
export type PageSurface = "pc" | "mobile";

export interface PageQuery {
  componentAppId: string;
  preAuthCode: string;
  redirectUri: string;
  /** 1 official accounts, 2 Mini Programs, 3 both. */
  authType: 1 | 2 | 3;
  bizAppid: string | null;
  /** The sets the page offers; null when the query names none. */
  categoryIds: number[] | null;
}

type Query = Request["query"];

function param(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") {
    throw new AuthorizationPageError(`${name} must be given once`);
  }

  return value;
}

function required(query: Query, name: string): string {
  const value = param(query, name);
  if (value === undefined) {
    throw new AuthorizationPageError(`${name} is missing from the page URL`);
  }

  return value;
}

function checkMobileFlags(query: Query): void {
  if (param(query, "action") !== "bindcomponent") {
    throw new AuthorizationPageError("action must be bindcomponent");
  }
  if (param(query, "no_scan") !== "1") {
    throw new AuthorizationPageError("no_scan must be 1");
  }
}

function redirectUri(query: Query): string {
  const value = required(query, "redirect_uri");
  const protocol = URL.canParse(value) ? new URL(value).protocol : "";
  if (protocol !== "http:" && protocol !== "https:") {
    throw new AuthorizationPageError(
      `redirect_uri must be an absolute http(s) URL; got "${value}"`,
    );
  }

  return value;
}

function authType(query: Query): PageQuery["authType"] {
  const value = required(query, "auth_type");
  if (value !== "1" && value !== "2" && value !== "3") {
    throw new AuthorizationPageError(
      `auth_type must be 1 (official accounts), 2 (Mini Programs) or 3 ` +
        `(both); got "${value}"`,
    );
  }

  return Number(value) as PageQuery["authType"];
}

function categoryIds(query: Query): number[] | null {
  const value = param(query, "category_id_list");
  if (value === undefined) return null;
  const parts = value.split("|");
  if (!parts.every((part) => /^\d+$/.test(part))) {
    throw new AuthorizationPageError(
      `category_id_list must be set ids joined by "|", e.g. 17|45; ` +
        `got "${value}"`,
    );
  }

  return parts.map(Number);
}

/** Reads the page's query, checking each parameter's form. */
export function readPageQuery(
  query: Query,
  surface: PageSurface,
  componentAppId: string,
): PageQuery {
  if (surface === "mobile") checkMobileFlags(query);
  const appId = required(query, "component_appid");
  if (appId !== componentAppId) {
    throw new AuthorizationPageError(
      `component_appid "${appId}" is not this platform's (${componentAppId})`,
    );
  }

  return {
    componentAppId: appId,
    preAuthCode: required(query, "pre_auth_code"),
    redirectUri: redirectUri(query),
    authType: authType(query),
    bizAppid: param(query, "biz_appid") ?? null,
    categoryIds: categoryIds(query),
  };
}

/** The query as the call log keeps it: without pre_auth_code. */
export function loggableQuery(query: Query): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([name]) => name !== "pre_auth_code")
      .map(([name, value]) => [name, String(value)]),
  );
}
