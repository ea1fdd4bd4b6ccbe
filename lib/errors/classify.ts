/**
 * One place that turns anything thrown (fetch failures, HTTP answers, Postgres errors,
 * AI-provider errors, strings) into the app's error family, and answers the questions
 * every caller asks: what kind of failure, is it worth retrying, how should the UI treat
 * it, and what do we tell the user.
 */
import {
  APIError,
  AppError,
  DatabaseError,
  GenerationError,
  NetworkError,
  ValidationError,
  type AppErrorOptions,
  type FieldErrors,
} from "./classes";
import { ErrorCode, isErrorCode } from "./codes";
import { isAppError, type AppErrorLike } from "./guards";
import { classifyPostgresError, looksLikePostgresError } from "./postgres";
import { parseRetryAfter, readHeader, type HeadersLike } from "./retry-after";
import { sanitize, sanitizeString } from "./sanitize";
import { USER_MESSAGES, describeWait } from "./user-messages";

export type ErrorCategory =
  | "rate_limit"
  | "network"
  | "validation"
  | "auth"
  | "not_found"
  | "conflict"
  | "generation"
  | "database"
  | "server"
  | "unknown";

/** How the notification layer presents an error (toast colour, persistence, actions). */
export type ErrorTreatment = "temporary" | "permanent" | "action_required";

type Bag = Record<string, unknown>;

function asBag(value: unknown): Bag | undefined {
  return value !== null && typeof value === "object" ? (value as Bag) : undefined;
}

function shortText(value: string, max = 500): string {
  const clean = sanitizeString(value);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

// ---------------------------------------------------------------------------
// Code tables

const CATEGORY_BY_CODE: Record<ErrorCode, ErrorCategory> = {
  ERR_API_BAD_REQUEST: "validation",
  ERR_API_UNAUTHORIZED: "auth",
  ERR_API_FORBIDDEN: "auth",
  ERR_API_NOT_FOUND: "not_found",
  ERR_API_CONFLICT: "conflict",
  ERR_API_GONE: "not_found",
  ERR_API_PAYLOAD_TOO_LARGE: "validation",
  ERR_API_RATE_LIMIT: "rate_limit",
  ERR_API_SERVER_ERROR: "server",
  ERR_API_SERVICE_UNAVAILABLE: "server",
  ERR_API_INVALID_RESPONSE: "server",
  ERR_NET_OFFLINE: "network",
  ERR_NET_TIMEOUT: "network",
  ERR_NET_CONNECTION_FAILED: "network",
  ERR_NET_ABORTED: "network",
  ERR_GEN_RATE_LIMIT: "rate_limit",
  ERR_GEN_OVERLOADED: "generation",
  ERR_GEN_PROVIDER_ERROR: "generation",
  ERR_GEN_TIMEOUT: "generation",
  ERR_GEN_INVALID_OUTPUT: "generation",
  ERR_GEN_INVALID_REQUEST: "generation",
  ERR_GEN_AUTH_FAILED: "generation",
  ERR_GEN_CONTENT_FILTERED: "generation",
  ERR_DB_CONNECTION: "database",
  ERR_DB_UNIQUE_VIOLATION: "database",
  ERR_DB_FOREIGN_KEY_VIOLATION: "database",
  ERR_DB_CHECK_VIOLATION: "database",
  ERR_DB_NOT_NULL_VIOLATION: "database",
  ERR_DB_SERIALIZATION_FAILURE: "database",
  ERR_DB_DEADLOCK: "database",
  ERR_DB_TIMEOUT: "database",
  ERR_DB_LOCKED: "database",
  ERR_DB_MIGRATION_FAILED: "database",
  ERR_DB_QUERY_FAILED: "database",
  ERR_VAL_INVALID_INPUT: "validation",
  ERR_VAL_MALFORMED_JSON: "validation",
  ERR_VAL_UNSUPPORTED_MEDIA_TYPE: "validation",
  ERR_VAL_PAYLOAD_TOO_LARGE: "validation",
  ERR_VAL_INVALID_ID: "validation",
  ERR_AUTH_REQUIRED: "auth",
  ERR_AUTH_INVALID_TOKEN: "auth",
  ERR_AUTH_TOKEN_EXPIRED: "auth",
  ERR_NOT_FOUND: "not_found",
  ERR_CONFLICT: "conflict",
  ERR_GONE: "not_found",
  ERR_CONFIG_INVALID: "server",
  ERR_INTERNAL: "server",
  ERR_UNKNOWN: "unknown",
};

/**
 * Whether the same request, repeated later, can succeed. This is not `isRecoverable`
 * (a 409 is recoverable by refreshing, but repeating it verbatim is pointless).
 */
const RETRYABLE_BY_CODE: Record<ErrorCode, boolean> = {
  ERR_API_BAD_REQUEST: false,
  ERR_API_UNAUTHORIZED: false,
  ERR_API_FORBIDDEN: false,
  ERR_API_NOT_FOUND: false,
  ERR_API_CONFLICT: false,
  ERR_API_GONE: false,
  ERR_API_PAYLOAD_TOO_LARGE: false,
  ERR_API_RATE_LIMIT: true,
  ERR_API_SERVER_ERROR: true,
  ERR_API_SERVICE_UNAVAILABLE: true,
  ERR_API_INVALID_RESPONSE: false,
  ERR_NET_OFFLINE: true,
  ERR_NET_TIMEOUT: true,
  ERR_NET_CONNECTION_FAILED: true,
  ERR_NET_ABORTED: false,
  ERR_GEN_RATE_LIMIT: true,
  ERR_GEN_OVERLOADED: true,
  ERR_GEN_PROVIDER_ERROR: true,
  ERR_GEN_TIMEOUT: true,
  ERR_GEN_INVALID_OUTPUT: true,
  ERR_GEN_INVALID_REQUEST: false,
  ERR_GEN_AUTH_FAILED: false,
  ERR_GEN_CONTENT_FILTERED: false,
  ERR_DB_CONNECTION: true,
  ERR_DB_UNIQUE_VIOLATION: false,
  ERR_DB_FOREIGN_KEY_VIOLATION: false,
  ERR_DB_CHECK_VIOLATION: false,
  ERR_DB_NOT_NULL_VIOLATION: false,
  ERR_DB_SERIALIZATION_FAILURE: true,
  ERR_DB_DEADLOCK: true,
  ERR_DB_TIMEOUT: true,
  ERR_DB_LOCKED: true,
  ERR_DB_MIGRATION_FAILED: false,
  ERR_DB_QUERY_FAILED: false,
  ERR_VAL_INVALID_INPUT: false,
  ERR_VAL_MALFORMED_JSON: false,
  ERR_VAL_UNSUPPORTED_MEDIA_TYPE: false,
  ERR_VAL_PAYLOAD_TOO_LARGE: false,
  ERR_VAL_INVALID_ID: false,
  ERR_AUTH_REQUIRED: false,
  ERR_AUTH_INVALID_TOKEN: false,
  ERR_AUTH_TOKEN_EXPIRED: false,
  ERR_NOT_FOUND: false,
  ERR_CONFLICT: false,
  ERR_GONE: false,
  ERR_CONFIG_INVALID: false,
  ERR_INTERNAL: true,
  ERR_UNKNOWN: false,
};

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

// ---------------------------------------------------------------------------
// HTTP answers

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
  const retryAfter = parseRetryAfter(readHeader(headers, "retry-after"), options.now ?? Date.now());
  const retryable = isRetryableStatus(status) && (STATUS_DRIVEN_CODES.has(code) || RETRYABLE_BY_CODE[code]);
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
    userMessage: shape.code && shape.message && USER_FACING_STATUSES.has(status) ? shortText(shape.message, 300) : undefined,
  });
}

// ---------------------------------------------------------------------------
// AI provider errors (Anthropic's shape: {status, error: {type, message}} or the whole body)

interface ProviderMapping {
  code: ErrorCode;
  retryable: boolean;
}

const PROVIDER_ERROR_TYPES: Record<string, ProviderMapping> = {
  rate_limit_error: { code: ErrorCode.GEN_RATE_LIMIT, retryable: true },
  overloaded_error: { code: ErrorCode.GEN_OVERLOADED, retryable: true },
  api_error: { code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true },
  timeout_error: { code: ErrorCode.GEN_TIMEOUT, retryable: true },
  invalid_request_error: { code: ErrorCode.GEN_INVALID_REQUEST, retryable: false },
  not_found_error: { code: ErrorCode.GEN_INVALID_REQUEST, retryable: false },
  request_too_large: { code: ErrorCode.GEN_INVALID_REQUEST, retryable: false },
  authentication_error: { code: ErrorCode.GEN_AUTH_FAILED, retryable: false },
  permission_error: { code: ErrorCode.GEN_AUTH_FAILED, retryable: false },
  billing_error: { code: ErrorCode.GEN_AUTH_FAILED, retryable: false },
};

function providerMappingForStatus(status: number | undefined): ProviderMapping {
  if (status === 429) return PROVIDER_ERROR_TYPES.rate_limit_error as ProviderMapping;
  if (status === 529 || status === 503) return PROVIDER_ERROR_TYPES.overloaded_error as ProviderMapping;
  if (status === 401 || status === 403) return PROVIDER_ERROR_TYPES.authentication_error as ProviderMapping;
  if (status !== undefined && status >= 400 && status < 500) return PROVIDER_ERROR_TYPES.invalid_request_error as ProviderMapping;
  return PROVIDER_ERROR_TYPES.api_error as ProviderMapping;
}

function toProviderError(err: unknown): GenerationError | undefined {
  const bag = asBag(err);
  if (!bag) return undefined;
  let inner = asBag(bag.error);
  // The SDK keeps the whole body ({type: "error", error: {...}}) under `error`.
  if (inner?.type === "error") inner = asBag(inner.error);
  const type = inner?.type;
  if (typeof type !== "string" || !(type in PROVIDER_ERROR_TYPES || type.endsWith("_error"))) return undefined;

  const status = typeof bag.status === "number" ? bag.status : undefined;
  const mapping = PROVIDER_ERROR_TYPES[type] ?? providerMappingForStatus(status);
  const headers = asBag(bag.headers) as HeadersLike | undefined;
  const retryAfter = parseRetryAfter(readHeader(headers, "retry-after"));
  const context: Record<string, unknown> = { providerType: type };
  if (status !== undefined) context.providerStatus = status;
  if (typeof inner?.message === "string") context.providerMessage = shortText(inner.message);
  const requestId = readHeader(headers, "request-id") ?? (typeof bag.request_id === "string" ? bag.request_id : undefined);
  if (requestId) context.providerRequestId = shortText(requestId, 100);

  return new GenerationError(mapping.code, `The AI provider answered ${type}${status ? ` (HTTP ${status})` : ""}`, {
    provider: "anthropic",
    retryAfter,
    isRecoverable: mapping.retryable,
    context,
  });
}

// ---------------------------------------------------------------------------
// Everything else

const FETCH_FAILURE_MESSAGES = [
  "failed to fetch", // Chromium
  "networkerror when attempting to fetch resource", // Firefox
  "load failed", // Safari
  "network request failed", // React Native, some polyfills
  "fetch failed", // Node (undici); the socket error is in `cause`
];

const SOCKET_TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const SOCKET_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
]);

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function errorName(bag: Bag): string | undefined {
  return typeof bag.name === "string" ? bag.name : undefined;
}

/** The socket code of an error or its cause (undici puts it on `cause`). */
function socketCode(bag: Bag): string | undefined {
  for (const candidate of [bag, asBag(bag.cause)]) {
    const code = candidate?.code;
    if (typeof code === "string" && (SOCKET_FAILURE_CODES.has(code) || SOCKET_TIMEOUT_CODES.has(code))) return code;
  }
  return undefined;
}

function toNetworkError(err: unknown): NetworkError | undefined {
  const bag = asBag(err);
  if (!bag) return undefined;
  const name = errorName(bag);
  const message = typeof bag.message === "string" ? bag.message : "";
  const options: AppErrorOptions = { cause: err, context: { originalName: name, originalMessage: shortText(message, 200) } };

  if (name === "AbortError" || name === "APIUserAbortError") {
    return new NetworkError(ErrorCode.NET_ABORTED, "The request was aborted", options);
  }
  if (name === "TimeoutError" || name === "APIConnectionTimeoutError") {
    return new NetworkError(ErrorCode.NET_TIMEOUT, "The request timed out", options);
  }
  const code = socketCode(bag);
  if (code && SOCKET_TIMEOUT_CODES.has(code)) {
    return new NetworkError(ErrorCode.NET_TIMEOUT, "The connection timed out", { ...options, context: { ...options.context, socketCode: code } });
  }
  const lower = message.toLowerCase();
  if (code || name === "APIConnectionError" || (err instanceof Error && FETCH_FAILURE_MESSAGES.some((m) => lower.includes(m)))) {
    const offline = isOffline();
    return new NetworkError(
      offline ? ErrorCode.NET_OFFLINE : ErrorCode.NET_CONNECTION_FAILED,
      offline ? "The browser is offline" : "The server could not be reached",
      { ...options, context: { ...options.context, ...(code ? { socketCode: code } : {}) } },
    );
  }
  return undefined;
}

/** An AppError rebuilt from a plain object that once was one (JSON, postMessage). */
function rehydrate(like: AppErrorLike): AppError {
  const bag = like as unknown as Bag;
  const options: AppErrorOptions = {
    isRecoverable: typeof like.isRecoverable === "boolean" ? like.isRecoverable : undefined,
    context: asBag(like.context),
    errorId: typeof like.errorId === "string" ? like.errorId : undefined,
    timestamp: typeof like.timestamp === "string" ? like.timestamp : undefined,
  };
  const message = shortText(like.message);
  const retryAfter = typeof bag.retryAfter === "number" ? bag.retryAfter : undefined;
  switch (like.name) {
    case "APIError":
      return new APIError(like.code, message, {
        ...options,
        status: typeof bag.status === "number" ? bag.status : 500,
        retryAfter,
        details: asBag(bag.details),
      });
    case "NetworkError":
      return new NetworkError(like.code, message, options);
    case "ValidationError":
      return new ValidationError(message, (asBag(bag.fieldErrors) as FieldErrors | undefined) ?? {}, { ...options, code: like.code });
    case "GenerationError":
      return new GenerationError(like.code, message, {
        ...options,
        provider: typeof bag.provider === "string" ? bag.provider : undefined,
        retryAfter,
      });
    case "DatabaseError":
      return new DatabaseError(like.code, message, {
        ...options,
        sqlState: typeof bag.sqlState === "string" ? bag.sqlState : undefined,
        constraint: typeof bag.constraint === "string" ? bag.constraint : undefined,
      });
    default:
      return new AppError(like.code, message, options);
  }
}

/**
 * Anything thrown, as an AppError. AppErrors pass through unchanged; the rest is
 * classified (network, Postgres, provider, HTTP Response) or wrapped as ERR_UNKNOWN.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isAppError(err)) return rehydrate(err);
  if (looksLikePostgresError(err)) return classifyPostgresError(err);
  const provider = toProviderError(err);
  if (provider) return provider;
  const network = toNetworkError(err);
  if (network) return network;
  if (typeof Response !== "undefined" && err instanceof Response) return fromHttpStatus(err.status, undefined, err.headers);

  if (err instanceof Error) {
    return new AppError(ErrorCode.UNKNOWN, shortText(err.message || err.name || "Unknown error"), {
      cause: err,
      context: { originalName: err.name },
    });
  }
  if (typeof err === "string") return new AppError(ErrorCode.UNKNOWN, shortText(err) || "Unknown error");
  const bag = asBag(err);
  if (bag && typeof bag.status === "number" && bag.status >= 400 && bag.status <= 599) {
    return fromHttpStatus(bag.status, bag.body ?? bag.error, asBag(bag.headers) as HeadersLike | undefined);
  }
  return new AppError(ErrorCode.UNKNOWN, "Unknown error", { context: { value: sanitize(err) } });
}

export function categorizeError(err: unknown): ErrorCategory {
  return CATEGORY_BY_CODE[toAppError(err).code];
}

/** Whether repeating the same operation later can succeed (drives automatic retries). */
export function isRetryable(err: unknown): boolean {
  const error = toAppError(err);
  if (error instanceof APIError) {
    return isRetryableStatus(error.status) && (STATUS_DRIVEN_CODES.has(error.code) || RETRYABLE_BY_CODE[error.code]);
  }
  return RETRYABLE_BY_CODE[error.code];
}

/**
 * temporary: will likely pass on its own (retry, wait); action_required: the user must
 * wait out or change something we can name (rate limits); permanent: retrying the same
 * thing will fail again.
 */
export function getErrorTreatment(err: unknown): ErrorTreatment {
  const error = toAppError(err);
  if (CATEGORY_BY_CODE[error.code] === "rate_limit") return "action_required";
  return isRetryable(error) ? "temporary" : "permanent";
}

function retryAfterOf(error: AppError): number | undefined {
  if (error instanceof APIError || error instanceof GenerationError) return error.retryAfter;
  return undefined;
}

function fieldNames(error: AppError): string[] {
  if (error instanceof ValidationError) return Object.keys(error.fieldErrors);
  if (error instanceof APIError) {
    const fieldErrors = asBag(error.details?.fieldErrors);
    if (fieldErrors) return Object.keys(fieldErrors);
  }
  return [];
}

/**
 * A sentence for the user: what happened and what to do. Built from the code (plus numbers
 * we computed and field names from our own schemas), never from provider or database text.
 */
export function getUserMessage(err: unknown): string {
  const error = toAppError(err);
  if (error.userMessage) return error.userMessage;

  const wait = retryAfterOf(error);
  if (wait !== undefined && wait > 0) {
    if (error.code === ErrorCode.API_RATE_LIMIT) {
      return `Too many requests in a short time. Wait ${describeWait(wait)}, then try again.`;
    }
    if (error.code === ErrorCode.GEN_RATE_LIMIT) {
      return `The AI provider's rate limit was reached. Wait ${describeWait(wait)} before generating more.`;
    }
  }

  const fields = fieldNames(error).filter((name) => /^[\w.[\]-]{1,80}$/.test(name));
  if (fields.length > 0 && CATEGORY_BY_CODE[error.code] === "validation") {
    const listed = fields.slice(0, 5).join(", ");
    return `Some of what you entered is not valid. Check ${fields.length === 1 ? "this field" : "these fields"}: ${listed}${fields.length > 5 ? ", …" : ""}.`;
  }
  return USER_MESSAGES[error.code];
}
