import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Field names that may hold a credential. The pipeline never logs them on
 * purpose; redaction is the net under that rule.
 */
const secretFields = [
  "componentAppSecret",
  "component_appsecret",
  "componentVerifyTicket",
  "component_verify_ticket",
  "componentAccessToken",
  "component_access_token",
  "authorizerAccessToken",
  "authorizer_access_token",
  "authorizerRefreshToken",
  "authorizer_refresh_token",
  "authorizationCode",
  "authorization_code",
  "preAuthCode",
  "pre_auth_code",
  "accessToken",
  "access_token",
  "encodingAesKey",
  "token",
];

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "wechat-component" },
    redact: {
      paths: secretFields.flatMap((field) => [field, `*.${field}`]),
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
