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
   */
  async applyQueryPlugin(authorizerAppId: string): Promise<void> {
    const { client, authorizerTokens } = this.deps;
    await callWithToken(authorizerTokens.for(authorizerAppId), (token) =>
      client.post(QUERY_PLUGIN_API, {}, { name: "access_token", value: token }),
    );
  }
}

/** The permission set ids in a func_info list, ascending and unique. */
export function funcScopeIdsOf(funcInfo: readonly FuncInfoEntry[]): number[] {
  const ids = funcInfo
    .map((entry) => entry?.funcscope_category?.id)
    .filter((id): id is number => Number.isInteger(id));
  return [...new Set(ids)].sort((a, b) => a - b);
}
