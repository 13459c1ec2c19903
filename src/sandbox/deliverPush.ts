import type { SandboxContext } from "./sandboxContext.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

/**
 * Pushes when a callback URL is set. Without one the grant or ticket is still
 * recorded, so tests can drive the APIs with no receiver running.
 */
export async function deliverPush(
  context: SandboxContext,
  xml: string,
  infoType: string,
  options?: PushOptions,
): Promise<PushResult | null> {
  if (context.callbackUrl === undefined) {
    context.logger.warn({ infoType }, "push skipped: no callback URL");
    return null;
  }

  const result = await context.pusher.push(xml, options);
  context.logger.info(
    {
      infoType,
      status: result.status,
      attempts: result.attempts,
      deliveries: result.deliveries,
      tamper: options?.tamper,
    },
    "push delivered",
  );

  return result;
}
