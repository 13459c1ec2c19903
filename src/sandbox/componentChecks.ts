import { textField } from "./bodyFields.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import { apiError, type ApiErrorAnswer } from "./wechatErrors.ts";

/** 40013 unless the body names this sandbox's component appid. */
export function checkComponentAppId(
  context: SandboxContext,
  body: Record<string, unknown>,
): ApiErrorAnswer | null {
  const appId = textField(body, "component_appid");
  if (appId === context.config.componentAppId) return null;

  return apiError(
    40013,
    appId === undefined ? "component_appid missing" : "unknown component_appid",
  );
}

/** The appid checks, then 41004 for a missing and 40125 for a wrong secret. */
export function checkComponentSecret(
  context: SandboxContext,
  body: Record<string, unknown>,
  field: "component_appsecret" | "component_secret",
): ApiErrorAnswer | null {
  const appIdError = checkComponentAppId(context, body);
  if (appIdError !== null) return appIdError;
  const secret = textField(body, field);
  if (secret === undefined) return apiError(41004, `${field} missing`);

  return secret === context.config.componentAppSecret
    ? null
    : apiError(40125, `${field} does not match`);
}
