import type { AuthorizerTokens } from "./authorizerTokens.ts";
import { callWithToken } from "./callWithToken.ts";
import type { ComponentTokens } from "./componentTokens.ts";
import type { WeChatClient } from "./wechatClient.ts";

/** One entry of func_info; WeChat may add keys beside these. */
export interface FuncInfoEntry {
  funcscope_category: { id: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface AuthorizationInfo {
  authorizer_appid: string;
  authorizer_access_token: string;
  expires_in: number;
  authorizer_refresh_token: string;
  func_info: FuncInfoEntry[];
}

export const QUERY_PLUGIN_API =
  "/cgi-bin/express/delivery/open_msg/open_query_plugin";

/** The WeChat APIs the handlers call, each with the right token. */
export class ComponentApi {
  constructor(
    private readonly deps: {
      client: WeChatClient;
      componentTokens: ComponentTokens;
      authorizerTokens: AuthorizerTokens;
      componentAppId: string;
    },
  ) {}

  /** Exchanges an authorization code for the authorizer's tokens. */
  async queryAuth(authorizationCode: string): Promise<AuthorizationInfo> {
    const { client, componentTokens, componentAppId } = this.deps;
    const answer = await callWithToken(componentTokens, (token) =>
      client.post<{ authorization_info: AuthorizationInfo }>(
        "/cgi-bin/component/api_query_auth",
        {
          component_appid: componentAppId,
          authorization_code: authorizationCode,
        },
        { name: "component_access_token", value: token },
      ),
    );
    return answer.authorization_info;
  }

  /**
   * applyQueryPlugin: opens the logistics query component. Resolves on
   * errcode 0; 933xxx and the rest are thrown as WeChatError.
   * `beforeAttempt` runs before each HTTP request (the daily quota).
   */
  async applyQueryPlugin(
    authorizerAppId: string,
    beforeAttempt?: () => Promise<void>,
  ): Promise<void> {
    const { client, authorizerTokens } = this.deps;
    await callWithToken(authorizerTokens.for(authorizerAppId), (token) =>
      client.post(
        QUERY_PLUGIN_API,
        {},
        { name: "access_token", value: token },
        { beforeAttempt },
      ),
    );
  }

  /** Whether the authorizer is a Mini Program (MiniProgramInfo present). */
  async accountType(
    authorizerAppId: string,
  ): Promise<"miniprogram" | "officialaccount"> {
    const { client, componentTokens, componentAppId } = this.deps;
    const answer = await callWithToken(componentTokens, (token) =>
      client.post<{ authorizer_info?: { MiniProgramInfo?: unknown } }>(
        "/cgi-bin/component/api_get_authorizer_info",
        { component_appid: componentAppId, authorizer_appid: authorizerAppId },
        { name: "component_access_token", value: token },
      ),
    );
    return answer.authorizer_info?.MiniProgramInfo
      ? "miniprogram"
      : "officialaccount";
  }

  /** A pre-auth code for one merchant's visit to the authorization page. */
  async createPreAuthCode(): Promise<{
    preAuthCode: string;
    expiresIn: number;
  }> {
    const { client, componentTokens, componentAppId } = this.deps;
    const answer = await callWithToken(componentTokens, (token) =>
      client.post<{ pre_auth_code: string; expires_in: number }>(
        "/cgi-bin/component/api_create_preauthcode",
        { component_appid: componentAppId },
        { name: "component_access_token", value: token },
      ),
    );
    return { preAuthCode: answer.pre_auth_code, expiresIn: answer.expires_in };
  }

  /** Asks WeChat to resume component_verify_ticket pushes. */
  async startPushTicket(componentAppSecret: string): Promise<void> {
    await this.deps.client.post("/cgi-bin/component/api_start_push_ticket", {
      component_appid: this.deps.componentAppId,
      component_secret: componentAppSecret,
    });
  }
}

/** The permission set ids in a func_info list, ascending and unique. */
export function funcScopeIdsOf(funcInfo: readonly FuncInfoEntry[]): number[] {
  const ids = funcInfo
    .map((entry) => entry?.funcscope_category?.id)
    .filter((id): id is number => Number.isInteger(id));
  return [...new Set(ids)].sort((a, b) => a - b);
}
