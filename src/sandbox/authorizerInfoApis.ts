import { COMPONENT_TOKEN, type ApiDefinition } from "./apiDefinition.ts";
import { authorizerProfile } from "./authorizerProfile.ts";
import { integerField, textField } from "./bodyFields.ts";
import { checkComponentAppId } from "./componentChecks.ts";
import { buildFuncInfo } from "./funcInfo.ts";
import { apiError } from "./wechatErrors.ts";

const MAX_LIST_COUNT = 500;

export const getAuthorizerInfoApi: ApiDefinition = {
  path: "/cgi-bin/component/api_get_authorizer_info",
  token: COMPONENT_TOKEN,
  answer({ body }, context) {
    const appIdError = checkComponentAppId(context, body);
    if (appIdError !== null) return appIdError;

    const authorizerAppid = textField(body, "authorizer_appid");
    if (authorizerAppid === undefined) {
      return apiError(40013, "authorizer_appid missing");
    }
    const record = context.authorizers.get(authorizerAppid);
    if (record === undefined || !record.authorized) {
      return apiError(61003, "the account has not authorized the platform");
    }

    return {
      authorizer_info: authorizerProfile(record),
      authorization_info: {
        authorizer_appid: record.authorizerAppid,
        authorizer_refresh_token: record.refreshToken,
        func_info: buildFuncInfo(record.funcScopeIds),
      },
    };
  },
};

export const getAuthorizerListApi: ApiDefinition = {
  path: "/cgi-bin/component/api_get_authorizer_list",
  token: COMPONENT_TOKEN,
  answer({ body }, context) {
    const appIdError = checkComponentAppId(context, body);
    if (appIdError !== null) return appIdError;

    const offset = integerField(body, "offset");
    const count = integerField(body, "count");
    const countOk =
      count !== undefined && count >= 1 && count <= MAX_LIST_COUNT;
    if (offset === undefined || offset < 0 || !countOk) {
      return apiError(40097, `offset >= 0 and count 1..${MAX_LIST_COUNT}`);
    }

    const authorized = [...context.authorizers.values()]
      .filter((record) => record.authorized)
      .sort((a, b) => a.authTimeMs - b.authTimeMs);
    return {
      total_count: authorized.length,
      list: authorized.slice(offset, offset + count).map((record) => ({
        authorizer_appid: record.authorizerAppid,
        auth_time: Math.floor(record.authTimeMs / 1000),
      })),
    };
  },
};
