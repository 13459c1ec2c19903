import { deliverPush } from "./deliverPush.ts";
import { buildPushXml } from "./pushXml.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

/**
 * The merchant revokes the platform: its access tokens, refresh token and
 * unused authorization codes stop working, then `unauthorized` is pushed.
 */
export async function unauthorizeAccount(
  context: SandboxContext,
  authorizerAppid: string,
  pushOptions?: PushOptions,
): Promise<{ push: PushResult | null }> {
  const record = context.authorizers.get(authorizerAppid);
  if (record === undefined || !record.authorized) {
    throw new SandboxScriptError(
      `${authorizerAppid} is not currently authorized`,
    );
  }

  record.authorized = false;
  context.tokens.revokeOwner("authorizer", authorizerAppid);
  for (const [code, grant] of context.authorizationCodes) {
    if (grant.authorizerAppid === authorizerAppid) {
      context.authorizationCodes.delete(code);
    }
  }
  context.logger.info({ authorizerAppid }, "authorization revoked");

  const xml = buildPushXml({
    infoType: "unauthorized",
    componentAppId: context.config.componentAppId,
    createTime: context.clock.nowSeconds(),
    authorizerAppid,
  });
  return { push: await deliverPush(context, xml, "unauthorized", pushOptions) };
}
