import { aesKeyFrom } from "./wechatCrypto.ts";
import type { WeChatSandboxOptions } from "./sandboxContext.ts";

export interface SandboxEnv {
  options: WeChatSandboxOptions;
  port: number;
}

const TEN_MINUTES_SECONDS = 600;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set; the sandbox needs it to start`);
  }

  return value;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number >= 0; got "${raw}"`);
  }

  return value;
}

function callbackUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SANDBOX_CALLBACK_URL;
  if (raw === undefined || raw === "") return undefined;
  if (!URL.canParse(raw)) {
    throw new Error(`SANDBOX_CALLBACK_URL is not a URL: "${raw}"`);
  }

  return raw;
}

/** Reads and checks the CLI's environment once, naming any bad variable. */
export function readSandboxEnv(env: NodeJS.ProcessEnv): SandboxEnv {
  const encodingAesKey = required(env, "WECHAT_COMPONENT_AES_KEY");
  try {
    aesKeyFrom(encodingAesKey);
  } catch (error) {
    throw new Error(`WECHAT_COMPONENT_AES_KEY: ${(error as Error).message}`);
  }
  const tokenLifetimeSeconds = whole(
    env,
    "SANDBOX_TOKEN_LIFETIME_SECONDS",
    7200,
  );
  if (tokenLifetimeSeconds < 1) {
    throw new Error("SANDBOX_TOKEN_LIFETIME_SECONDS must be at least 1");
  }
  const intervalSeconds = whole(
    env,
    "SANDBOX_TICKET_INTERVAL_SECONDS",
    TEN_MINUTES_SECONDS,
  );

  return {
    port: whole(env, "SANDBOX_PORT", 0),
    options: {
      componentAppId: required(env, "WECHAT_COMPONENT_APPID"),
      componentAppSecret: required(env, "WECHAT_COMPONENT_APPSECRET"),
      componentToken: required(env, "WECHAT_COMPONENT_TOKEN"),
      encodingAesKey,
      callbackUrl: callbackUrl(env),
      ticketPushIntervalMs: intervalSeconds * 1000,
      tokenLifetimeSeconds,
      queryPluginDailyQuota: whole(
        env,
        "SANDBOX_QUERY_PLUGIN_DAILY_QUOTA",
        500,
      ),
    },
  };
}
