import type { TokenKind } from "./tokenStore.ts";
import type { MerchantInput } from "./merchantQueue.ts";
import type { RandomErrorsOptions } from "./randomErrors.ts";
import { grantPush, text, type Body, type Route } from "./routeBody.ts";
import type { SandboxScripting } from "./sandboxScripting.ts";

function times(body: Body): number {
  return body.times === undefined ? 1 : (body.times as number);
}

/** POST routes for WeChat's bad days and the authorization pages. */
export function badDayRoutes(sandbox: SandboxScripting): Record<string, Route> {
  return {
    "script-delay": (body) =>
      sandbox.scriptDelay(
        text(body, "path"),
        body.delayMs as number,
        times(body),
      ),
    "script-drop": (body) =>
      sandbox.scriptDrop(text(body, "path"), times(body)),
    "script-drop-after-effect": (body) =>
      sandbox.scriptDropAfterEffect(text(body, "path"), times(body)),
    "ip-whitelist": (body) =>
      sandbox.setIpWhitelist(body.ips as string[] | null),
    "expire-tokens": (body) => ({
      expired: sandbox.expireTokens(
        body.kind as TokenKind | undefined,
        body.ownerAppId as string | undefined,
      ),
    }),
    "token-lifetime": (body) =>
      sandbox.setTokenLifetimeSeconds(body.seconds as number),
    "random-errors": (body) =>
      sandbox.randomErrors(body as unknown as RandomErrorsOptions),
    "next-merchant": (body) => {
      const input = { ...body, push: grantPush(body) } as MerchantInput;
      const { merchantId, heldPushId } = sandbox.nextMerchant(input);
      return { merchantId, heldPushId };
    },
    "release-held-push": async (body) => ({
      push: await sandbox.releaseHeldPush(text(body, "id")),
    }),
  };
}
