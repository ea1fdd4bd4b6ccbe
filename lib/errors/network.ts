/**
 * Failures where no HTTP answer came: a fetch that could not connect (each browser words
 * it differently), a socket error, an abort, a timeout.
 */
import { NetworkError, type AppErrorOptions } from "./classes";
import { ErrorCode } from "./codes";
import { asBag, shortText, type Bag } from "./text";

const FETCH_FAILURE_MESSAGES = [
  "failed to fetch", // Chromium
  "networkerror when attempting to fetch resource", // Firefox
  "load failed", // Safari
  "network request failed", // React Native, some polyfills
  "fetch failed", // Node (undici); the socket error is in `cause`
];

const SOCKET_TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
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

export function isSocketTimeoutCode(code: string | undefined): boolean {
  return code !== undefined && SOCKET_TIMEOUT_CODES.has(code);
}

/**
 * The socket code of an error or of one in its cause chain: undici puts it on `cause`, and a
 * client library wrapping fetch (the Anthropic SDK) adds one more level.
 */
export function socketCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4; depth++) {
    const bag = asBag(current);
    if (!bag) return undefined;
    const code = bag.code;
    if (typeof code === "string" && (SOCKET_FAILURE_CODES.has(code) || SOCKET_TIMEOUT_CODES.has(code))) return code;
    current = bag.cause;
  }
  return undefined;
}

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function errorName(bag: Bag): string | undefined {
  return typeof bag.name === "string" ? bag.name : undefined;
}

/**
 * The one shape of anything cancelled (a wait, a queued request, a generation):
 * ERR_NET_ABORTED, not retryable, with the signal's reason as cause.
 */
export function abortedError(signal?: AbortSignal, context?: Record<string, unknown>): NetworkError {
  return new NetworkError(ErrorCode.NET_ABORTED, "The operation was cancelled", {
    cause: signal?.reason,
    isRecoverable: false,
    context,
  });
}

/** A NetworkError when `err` is a transport failure, otherwise undefined. */
export function toNetworkError(err: unknown): NetworkError | undefined {
  const bag = asBag(err);
  if (!bag) return undefined;
  const name = errorName(bag);
  const message = typeof bag.message === "string" ? bag.message : "";
  const options: AppErrorOptions = {
    cause: err,
    context: { originalName: name, originalMessage: shortText(message, 200) },
  };

  if (name === "AbortError") return new NetworkError(ErrorCode.NET_ABORTED, "The request was aborted", options);
  if (name === "TimeoutError") return new NetworkError(ErrorCode.NET_TIMEOUT, "The request timed out", options);
  const code = socketCodeOf(bag);
  if (isSocketTimeoutCode(code)) {
    return new NetworkError(ErrorCode.NET_TIMEOUT, "The connection timed out", {
      ...options,
      context: { ...options.context, socketCode: code },
    });
  }
  const lower = message.toLowerCase();
  if (code || (err instanceof Error && FETCH_FAILURE_MESSAGES.some((m) => lower.includes(m)))) {
    const offline = isOffline();
    return new NetworkError(
      offline ? ErrorCode.NET_OFFLINE : ErrorCode.NET_CONNECTION_FAILED,
      offline ? "The browser is offline" : "The server could not be reached",
      { ...options, context: { ...options.context, ...(code ? { socketCode: code } : {}) } },
    );
  }
  return undefined;
}
