/**
 * The service's error catalogue. Every failure the service reports carries a
 * stable code, the HTTP status to answer with (when it happens while serving
 * a request), and whether trying again later can help.
 */
export const errorCatalogue = {
  BODY_TOO_LARGE: { httpStatus: 413, retriable: false },
  BODY_UNREADABLE: { httpStatus: 400, retriable: false },
  QUERY_INVALID: { httpStatus: 400, retriable: false },
  SIGNATURE_MISMATCH: { httpStatus: 401, retriable: false },
  TIMESTAMP_OUT_OF_WINDOW: { httpStatus: 401, retriable: false },
  ENVELOPE_INVALID: { httpStatus: 400, retriable: false },
  ENCRYPT_NOT_BASE64: { httpStatus: 400, retriable: false },
  ENCRYPT_BLOCK_LENGTH: { httpStatus: 400, retriable: false },
  DECRYPT_MALFORMED: { httpStatus: 400, retriable: false },
  APPID_MISMATCH: { httpStatus: 403, retriable: false },
  PAYLOAD_INVALID: { httpStatus: 400, retriable: false },
  RATE_LIMITED: { httpStatus: 429, retriable: true },
  STORE_UNAVAILABLE: { httpStatus: 503, retriable: true },
  CONFIG_INVALID: { httpStatus: 503, retriable: false },
  WECHAT_TRANSIENT: { httpStatus: 502, retriable: true },
  WECHAT_TOKEN_INVALID: { httpStatus: 502, retriable: true },
  WECHAT_QUOTA: { httpStatus: 503, retriable: true },
  WECHAT_PERMANENT: { httpStatus: 502, retriable: false },
  /** WeChat refused our setup (secret, appid, IP whitelist): fixable. */
  WECHAT_CONFIGURATION: { httpStatus: 502, retriable: true },
  TICKET_MISSING: { httpStatus: 503, retriable: true },
  AUTHORIZER_UNKNOWN: { httpStatus: 404, retriable: false },
  EVENT_INVALID: { httpStatus: 400, retriable: false },
} as const satisfies Record<string, { httpStatus: number; retriable: boolean }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ServiceError";
    this.code = code;
    this.httpStatus = errorCatalogue[code].httpStatus;
    this.retriable = errorCatalogue[code].retriable;
    this.details = options.details ?? {};
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

/** Whether an unknown failure is worth another try; unknown errors are. */
export function isRetriable(error: unknown): boolean {
  return isServiceError(error) ? error.retriable : true;
}
