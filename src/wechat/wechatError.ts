import { ServiceError } from "../errors.ts";
import { adviceFor, classifyErrcode, type ErrcodeClass } from "./errcodes.ts";

/** WeChat answered with a non-zero errcode that retries did not clear. */
export class WeChatError extends ServiceError {
  readonly errcode: number;
  readonly errmsg: string;
  readonly errcodeClass: ErrcodeClass;
  readonly api: string;

  constructor(api: string, errcode: number, errmsg: string) {
    const errcodeClass = classifyErrcode(errcode);
    const advice = adviceFor(errcode);
    super(
      errorCodeFor(errcodeClass),
      `WeChat ${api} answered errcode ${errcode} (${errmsg})` +
        (advice ? `: ${advice}` : ""),
      { details: { api, errcode } },
    );
    this.name = "WeChatError";
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.errcodeClass = errcodeClass;
    this.api = api;
  }
}

function errorCodeFor(errcodeClass: ErrcodeClass) {
  switch (errcodeClass) {
    case "token":
      return "WECHAT_TOKEN_INVALID";
    case "transient":
      return "WECHAT_TRANSIENT";
    case "quota":
      return "WECHAT_QUOTA";
    case "ticket":
      return "TICKET_MISSING";
    case "configuration":
      return "WECHAT_CONFIGURATION";
    case "permanent":
      return "WECHAT_PERMANENT";
  }
}

export function isWeChatError(
  error: unknown,
  errcode?: number,
): error is WeChatError {
  return (
    error instanceof WeChatError &&
    (errcode === undefined || error.errcode === errcode)
  );
}
