/**
 * An HTTP error answer from our own API, as the browser's client sees it, turned into an
 * APIError: our error shape when the body has one, otherwise a code derived from the status.
 */
import { APIError } from "./classes";
import { RETRYABLE_BY_CODE } from "./code-traits";
import { ErrorCode, isErrorCode } from "./codes";
import { retryAfterFromHeaders, type HeadersLike } from "./retry-after";
import { sanitize, sanitizeString } from "./sanitize";
import { asBag, shortText } from "./text";

/** Codes that only restate the HTTP status; for them the status alone decides retrying. */
const STATUS_DRIVEN_CODES = new Set<ErrorCode>([
  ErrorCode.API_SERVER_ERROR,
  ErrorCode.API_SERVICE_UNAVAILABLE,
  ErrorCode.INTERNAL,
  ErrorCode.UNKNOWN,
]);

/** 408, 429 and 5xx other than 501 (which will never start working on its own). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** An HTTP answer is worth repeating when its status is, and its code (if more than the status) agrees. */
export function isRetryableHttpAnswer(status: number, code: ErrorCode): boolean {
  return isRetryableStatus(status) && (STATUS_DRIVEN_CODES.has(code) || RETRYABLE_BY_CODE[code]);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode.API_BAD_REQUEST;
    case 401:
      return ErrorCode.API_UNAUTHORIZED;
    case 403:
      return ErrorCode.API_FORBIDDEN;
    case 404:
      return ErrorCode.API_NOT_FOUND;
    case 408:
    case 504:
      return ErrorCode.NET_TIMEOUT;
    case 409:
      return ErrorCode.API_CONFLICT;
    case 410:
      return ErrorCode.API_GONE;
    case 413:
      return ErrorCode.API_PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.VAL_UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return ErrorCode.API_RATE_LIMIT;
    case 503:
      return ErrorCode.API_SERVICE_UNAVAILABLE;
  }
  if (status >= 500 && status <= 599) return ErrorCode.API_SERVER_ERROR;
  if (status >= 400 && status <= 499) return ErrorCode.API_BAD_REQUEST;
  return ErrorCode.API_INVALID_RESPONSE;
}

/** Statuses whose message, written by our own route handler, is meant for the user. */
const USER_FACING_STATUSES = new Set([400, 404, 409, 410, 413, 415, 422]);

interface ErrorShape {
  code?: ErrorCode;
  message?: string;
  details?: Record<string, unknown>;
  errorId?: string;
}

/** Our `{"error": {"code", "message", "details", "errorId"}}` body, tolerating anything else. */
function readErrorShape(body: unknown): ErrorShape {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return {};
    }
  }
  const inner = asBag(asBag(parsed)?.error);
  if (!inner) return {};
  const shape: ErrorShape = {};
  if (isErrorCode(inner.code)) shape.code = inner.code;
  if (typeof inner.message === "string" && inner.message.trim() !== "") shape.message = inner.message;
  const details = asBag(inner.details);
  if (details && !Array.isArray(details)) shape.details = details;
  if (typeof inner.errorId === "string" && /^[\w-]{1,64}$/.test(inner.errorId)) shape.errorId = inner.errorId;
  return shape;
}

export interface FromHttpStatusOptions {
  /** Clock for HTTP-date Retry-After values (tests). */
  now?: number;
  /** The request, for the logs ("GET /api/batches"). */
  method?: string;
  url?: string;
}

/**
 * An HTTP error answer as an APIError: our own error shape when the body has one (its
 * code, details and errorId are kept), otherwise a code derived from the status.
 */
export function fromHttpStatus(
  status: number,
  body?: unknown,
  headers?: HeadersLike | null,
  options: FromHttpStatusOptions = {},
): APIError {
  const shape = readErrorShape(body);
  const code = shape.code ?? codeForStatus(status);
  const retryAfter = retryAfterFromHeaders(headers, options.now ?? Date.now());
  const retryable = isRetryableHttpAnswer(status, code);
  const context: Record<string, unknown> = { status };
  if (options.method) context.method = options.method;
  if (options.url) context.url = sanitizeString(options.url);
  if (!shape.code && typeof body === "string" && body.trim() !== "") context.body = shortText(body, 300);

  return new APIError(code, shape.message ? shortText(shape.message) : `Request failed with status ${status}`, {
    status,
    retryAfter,
    details: shape.details ? (sanitize(shape.details) as Record<string, unknown>) : undefined,
    errorId: shape.errorId,
    isRecoverable: retryable,
    context,
    // Only our own route handler's 4xx sentences are shown as-is; they are written for users.
    userMessage:
      shape.code && shape.message && USER_FACING_STATUSES.has(status) ? shortText(shape.message, 300) : undefined,
  });
}
