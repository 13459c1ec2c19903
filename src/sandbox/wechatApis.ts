import type { ApiDefinition } from "./apiDefinition.ts";
import {
  authorizerTokenApi,
  createPreAuthCodeApi,
  queryAuthApi,
} from "./authorizationApis.ts";
import {
  getAuthorizerInfoApi,
  getAuthorizerListApi,
} from "./authorizerInfoApis.ts";
import { componentTokenApi, startPushTicketApi } from "./componentTokenApis.ts";
import { openQueryPluginApi } from "./queryPlugin.ts";

/** Every WeChat endpoint the sandbox answers, all POST with JSON bodies. */
export const WECHAT_APIS: readonly ApiDefinition[] = [
  componentTokenApi,
  createPreAuthCodeApi,
  queryAuthApi,
  authorizerTokenApi,
  getAuthorizerInfoApi,
  getAuthorizerListApi,
  startPushTicketApi,
  openQueryPluginApi,
];
