import { isWeChatError } from "./wechatError.ts";

/** Somewhere to get a token from, and to replace one WeChat refused. */
export interface TokenSource {
  current(): Promise<string>;
  /**
   * Called with the token WeChat refused. If another refresher already
   * replaced it, returns that; otherwise refreshes once.
   */
  replace(failedToken: string): Promise<string>;
}

/**
 * Runs `call` with a token. On a token errcode (40001, 40014, 42001) the
 * token is replaced once and the call made once more; never in a loop.
 */
export async function callWithToken<T>(
  source: TokenSource,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await source.current();
  try {
    return await call(token);
  } catch (error) {
    if (!isWeChatError(error) || error.errcodeClass !== "token") throw error;
    return call(await source.replace(token));
  }
}
