/**
 * The one mapping from AI-provider failures (the Anthropic API, through its SDK or as a
 * plain object with its error body) to the app's errors. The generator uses it for every
 * failed call; toAppError uses it for a provider error that reached it unmapped.
 *
 * An HTTP answer maps by Anthropic's error `type` when the body names a known one, else by
 * status (a proxy in front of the API answers without Anthropic's body). 408 and 504 are
 * timeouts (ERR_GEN_TIMEOUT, retryable), like a request that ran out of our own time.
 * `x-should-retry` (the API's own verdict) overrides the table's retryable; the wait comes
 * from `retry-after-ms`, then `Retry-After`, for any status that sends one.
 *
 * Provider text is kept (scrubbed, shortened) in the error's context for the logs; the
 * message is ours, so nothing the provider wrote is shown to a user. The raw error is never
 * kept as `cause`: transport errors can quote request headers, and x-api-key is one of them.
 */
import { GenerationError, NetworkError, type AppError } from "./classes";
import { RETRYABLE_BY_CODE } from "./code-traits";
import { ErrorCode } from "./codes";
import { abortedError, isSocketTimeoutCode, socketCodeOf } from "./network";
import { readHeader, retryAfterFromHeaders, type HeadersLike } from "./retry-after";
import { sanitizeString } from "./sanitize";
import { asBag, type Bag } from "./text";

export const PROVIDER = "anthropic";

/** Removes secrets from provider text; the generator passes one that also knows its API key. */
export type Scrub = (text: string) => string;

/** When the API answers 429 without a wait, wait this long rather than hammering it. */
export const DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS = 10;

const CODE_BY_TYPE: Record<string, ErrorCode> = {
  rate_limit_error: ErrorCode.GEN_RATE_LIMIT,
  overloaded_error: ErrorCode.GEN_OVERLOADED,
  api_error: ErrorCode.GEN_PROVIDER_ERROR,
  timeout_error: ErrorCode.GEN_TIMEOUT,
  invalid_request_error: ErrorCode.GEN_INVALID_REQUEST,
  not_found_error: ErrorCode.GEN_INVALID_REQUEST,
  request_too_large: ErrorCode.GEN_INVALID_REQUEST,
  authentication_error: ErrorCode.GEN_AUTH_FAILED,
  permission_error: ErrorCode.GEN_AUTH_FAILED,
  billing_error: ErrorCode.GEN_AUTH_FAILED,
};

export function providerCodeForStatus(status: number): ErrorCode {
  if (status === 429) return ErrorCode.GEN_RATE_LIMIT;
  if (status === 529 || status === 503) return ErrorCode.GEN_OVERLOADED;
  if (status === 408 || status === 504) return ErrorCode.GEN_TIMEOUT;
  if (status === 401 || status === 403) return ErrorCode.GEN_AUTH_FAILED;
  if (status >= 400 && status <= 499) return ErrorCode.GEN_INVALID_REQUEST;
  return ErrorCode.GEN_PROVIDER_ERROR;
}

/** The API's `x-should-retry: true|false`; anything else says nothing. */
export function readShouldRetry(headers: HeadersLike | null | undefined): boolean | undefined {
  const value = readHeader(headers, "x-should-retry")?.trim().toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/** The SDK's error classes, by name (this module stays free of the SDK so it can run anywhere). */
const SDK_TRANSPORT_NAMES = new Set(["APIConnectionError", "APIConnectionTimeoutError", "APIUserAbortError"]);
const SDK_STATUS_NAMES = new Set([
  "BadRequestError",
  "AuthenticationError",
  "PaymentRequiredError",
  "PermissionDeniedError",
  "NotFoundError",
  "RequestTimeoutError",
  "ConflictError",
  "PreconditionFailedError",
  "ContentTooLargeError",
  "UnprocessableEntityError",
  "RateLimitError",
  "RequestHeaderFieldsTooLargeError",
  "ClientClosedRequestError",
  "InternalServerError",
  "NotImplementedError",
  "ServiceUnavailableError",
  "GatewayTimeoutError",
  "OverloadedError",
  "APIError",
]);

interface ProviderBody {
  type?: string;
  message?: string;
}

/** `{type: "error", error: {type, message}}` (the SDK keeps the whole body under `error`) or `{error: {type, message}}`. */
function readBody(bag: Bag): ProviderBody {
  let inner = asBag(bag.error);
  if (inner?.type === "error") inner = asBag(inner.error);
  if (!inner) return {};
  const { type, message } = inner;
  return {
    type: typeof type === "string" && /^[a-z_]{1,40}$/.test(type) ? type : undefined,
    message: typeof message === "string" ? message : undefined,
  };
}

function statusOf(bag: Bag): number | undefined {
  return typeof bag.status === "number" && bag.status >= 400 && bag.status <= 599 ? bag.status : undefined;
}

/** An error body naming an Anthropic error type (known, or shaped like one). */
function providerType(bag: Bag): string | undefined {
  const type = readBody(bag).type;
  return type !== undefined && (type in CODE_BY_TYPE || type.endsWith("_error")) ? type : undefined;
}

/** True for an Anthropic SDK error, or a plain object carrying the API's error body. */
export function looksLikeProviderError(err: unknown): boolean {
  const bag = asBag(err);
  if (!bag) return false;
  const name = typeof bag.name === "string" ? bag.name : "";
  if (SDK_TRANSPORT_NAMES.has(name)) return true;
  if (SDK_STATUS_NAMES.has(name) && statusOf(bag) !== undefined && asBag(bag.headers) !== undefined) return true;
  return providerType(bag) !== undefined;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface ProviderFailureOptions {
  /** Default: sanitizeString. */
  scrub?: Scrub;
  /** What the caller knows about a call that got no answer. */
  transport?: TransportState;
  /** Clock for HTTP-date Retry-After values (tests). */
  now?: number;
}

export interface TransportState {
  /** The caller's signal aborted: the batch was cancelled or the worker stops, nothing to retry. */
  aborted: boolean;
  /** The call's own time limit ran out. */
  timedOut: boolean;
  timeoutMs?: number;
}

/** An error answer from the provider (its status, its body, or both). */
function fromAnswer(bag: Bag, scrub: Scrub, now: number): GenerationError {
  const status = statusOf(bag);
  const body = readBody(bag);
  const code =
    (body.type && CODE_BY_TYPE[body.type]) || (status ? providerCodeForStatus(status) : ErrorCode.GEN_PROVIDER_ERROR);
  const headers = asBag(bag.headers) as HeadersLike | undefined;
  const shouldRetry = readShouldRetry(headers);
  const retryable = shouldRetry ?? RETRYABLE_BY_CODE[code];

  const context: Record<string, unknown> = {};
  if (status) context.providerStatus = status;
  if (body.type) context.providerType = body.type;
  // Without a JSON body the SDK's message is "<status> <the body's text>".
  const providerMessage =
    body.message ?? (typeof bag.message === "string" && bag.message.trim() !== "" ? bag.message : undefined);
  if (providerMessage) context.providerMessage = shorten(scrub(providerMessage), 300);
  const requestId =
    readHeader(headers, "request-id") ?? (typeof bag.request_id === "string" ? bag.request_id : undefined);
  if (requestId) context.providerRequestId = shorten(scrub(requestId), 100);
  if (shouldRetry !== undefined) context.providerShouldRetry = shouldRetry;

  let retryAfter = retryAfterFromHeaders(headers, now);
  if (code === ErrorCode.GEN_RATE_LIMIT && retryAfter === undefined) {
    retryAfter = DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS;
    context.retryAfterSource = "default";
  }
  if (retryAfter !== undefined) context.retryAfter = retryAfter;

  return new GenerationError(
    code,
    `The AI provider answered ${status ? `HTTP ${status}` : "an error"}${body.type ? ` (${body.type})` : ""}`,
    {
      provider: PROVIDER,
      retryAfter,
      shouldRetry,
      isRecoverable: retryable,
      context,
    },
  );
}

/** A call that got no (complete) HTTP answer: cancelled, timed out, or the connection failed. */
function fromTransport(err: unknown, scrub: Scrub, state: TransportState | undefined): AppError {
  const bag = asBag(err);
  const name = typeof bag?.name === "string" ? bag.name : undefined;
  const socketCode = socketCodeOf(err);
  const context: Record<string, unknown> = { provider: PROVIDER };
  if (name) context.originalName = name;
  const message = describe(err);
  if (message) context.originalMessage = shorten(scrub(message), 200);
  if (socketCode) context.socketCode = socketCode;

  // Our own timeout aborts through the same signal as the caller: the state tells them apart.
  const aborted = state ? state.aborted : name === "APIUserAbortError" || name === "AbortError";
  if (aborted) {
    return abortedError(undefined, context);
  }
  const timedOut =
    state?.timedOut ||
    name === "APIConnectionTimeoutError" ||
    name === "TimeoutError" ||
    isSocketTimeoutCode(socketCode);
  if (timedOut) {
    if (state?.timeoutMs !== undefined) context.timeoutMs = state.timeoutMs;
    return new GenerationError(ErrorCode.GEN_TIMEOUT, "The AI provider did not answer in time", {
      provider: PROVIDER,
      isRecoverable: true,
      context,
    });
  }
  return new NetworkError(ErrorCode.NET_CONNECTION_FAILED, "The connection to the AI provider failed", {
    isRecoverable: true,
    context,
  });
}

/** The error's message plus its causes' (undici says "fetch failed"; the reason is below). */
function describe(err: unknown): string | undefined {
  if (typeof err === "string") return err;
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 3; depth++) {
    const bag = asBag(current);
    if (!bag) break;
    if (typeof bag.message === "string" && bag.message !== "") parts.push(bag.message);
    current = bag.cause;
  }
  return parts.length > 0 ? parts.join(": ") : undefined;
}

/**
 * Any failure of a provider call as an app error: an HTTP error answer becomes a
 * GenerationError by the table above, anything else a cancellation, a timeout or a
 * connection failure.
 */
export function toProviderError(err: unknown, options: ProviderFailureOptions = {}): AppError {
  const scrub = options.scrub ?? sanitizeString;
  const bag = asBag(err);
  if (bag && (statusOf(bag) !== undefined || providerType(bag) !== undefined))
    return fromAnswer(bag, scrub, options.now ?? Date.now());
  return fromTransport(err, scrub, options.transport);
}
