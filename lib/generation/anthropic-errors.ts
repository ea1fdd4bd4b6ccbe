/**
 * How a Messages API call failed, in the app's error family. One table for HTTP answers,
 * one rule for transport failures. Provider text is kept (scrubbed, shortened) in the
 * error's context for the logs; the message is ours, so nothing the provider wrote is
 * shown to a user, and the API key is removed from everything even if the provider echoes it.
 */
import { AppError, GenerationError, NetworkError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { parseRetryAfter } from "@/lib/errors/retry-after";
import { REDACTED, sanitizeString } from "@/lib/errors/sanitize";

export type Scrub = (text: string) => string;

/** sanitize() plus literal removal of the given secrets (a key sanitize's patterns would not know). */
export function createScrubber(secrets: readonly string[]): Scrub {
  const literal = secrets.filter((secret) => secret.length >= 4);
  return (text) => {
    let clean = text;
    for (const secret of literal) clean = clean.split(secret).join(REDACTED);
    return sanitizeString(clean);
  };
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

interface Mapping {
  code: ErrorCode;
  retryable: boolean;
}

/** The error table: status first, because proxies in front of the API answer without Anthropic's body. */
export function mappingForStatus(status: number): Mapping {
  if (status === 429) return { code: ErrorCode.GEN_RATE_LIMIT, retryable: true };
  if (status === 529 || status === 503) return { code: ErrorCode.GEN_OVERLOADED, retryable: true };
  if (status === 504 || status === 408) return { code: ErrorCode.GEN_TIMEOUT, retryable: true };
  if (status === 401 || status === 403) return { code: ErrorCode.GEN_AUTH_FAILED, retryable: false };
  if (status >= 400 && status <= 499) return { code: ErrorCode.GEN_INVALID_REQUEST, retryable: false };
  return { code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true };
}

/** When the API answers 429 without Retry-After, wait this long rather than hammering it. */
export const DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS = 10;

interface ProviderErrorBody {
  type?: string;
  message?: string;
}

/** `{"type":"error","error":{"type":"rate_limit_error","message":"..."}}`, tolerating anything else. */
function readErrorBody(text: string): ProviderErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    const inner = (parsed as { error?: unknown } | null)?.error;
    if (inner === null || typeof inner !== "object") return {};
    const { type, message } = inner as { type?: unknown; message?: unknown };
    return {
      type: typeof type === "string" && /^[a-z_]{1,40}$/.test(type) ? type : undefined,
      message: typeof message === "string" ? message : undefined,
    };
  } catch {
    return {};
  }
}

export function errorFromResponse(status: number, bodyText: string, headers: Headers, scrub: Scrub): GenerationError {
  const mapping = mappingForStatus(status);
  const body = readErrorBody(bodyText);
  let retryAfter = parseRetryAfter(headers.get("retry-after"));
  const context: Record<string, unknown> = { providerStatus: status };
  if (body.type) context.providerType = body.type;
  const providerMessage = body.message ?? (bodyText.trim() === "" ? undefined : bodyText);
  if (providerMessage) context.providerMessage = shorten(scrub(providerMessage), 300);
  const requestId = headers.get("request-id");
  if (requestId) context.providerRequestId = shorten(scrub(requestId), 100);
  if (mapping.code === ErrorCode.GEN_RATE_LIMIT && retryAfter === undefined) {
    retryAfter = DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS;
    context.retryAfterSource = "default";
  }
  if (retryAfter !== undefined) context.retryAfter = retryAfter;

  return new GenerationError(mapping.code, `The AI provider answered HTTP ${status}${body.type ? ` (${body.type})` : ""}`, {
    provider: "anthropic",
    retryAfter,
    isRecoverable: mapping.retryable,
    context,
  });
}

const TIMEOUT_SOCKET_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function describe(err: unknown): { name?: string; message?: string; socketCode?: string } {
  if (err === null || typeof err !== "object") return { message: typeof err === "string" ? err : undefined };
  const bag = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const cause = bag.cause !== null && typeof bag.cause === "object" ? (bag.cause as { code?: unknown; message?: unknown }) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : typeof bag.code === "string" ? bag.code : undefined;
  const causeMessage = typeof cause?.message === "string" ? `: ${cause.message}` : "";
  return {
    name: typeof bag.name === "string" ? bag.name : undefined,
    message: typeof bag.message === "string" ? `${bag.message}${causeMessage}` : undefined,
    socketCode: code,
  };
}

export interface TransportState {
  /** The caller's signal aborted: the batch was cancelled, nothing to retry. */
  aborted: boolean;
  /** Our request timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/**
 * A call that got no (complete) HTTP answer. The raw error is not kept as `cause`: fetch's
 * errors can quote request headers, and the x-api-key header is one of them.
 */
export function errorFromTransport(err: unknown, state: TransportState, scrub: Scrub): AppError {
  const seen = describe(err);
  const context: Record<string, unknown> = { provider: "anthropic" };
  if (seen.name) context.originalName = seen.name;
  if (seen.message) context.originalMessage = shorten(scrub(seen.message), 200);
  if (seen.socketCode) context.socketCode = seen.socketCode;

  if (state.aborted) {
    return new NetworkError(ErrorCode.NET_ABORTED, "The generation was cancelled", { isRecoverable: false, context });
  }
  if (state.timedOut || (seen.socketCode !== undefined && TIMEOUT_SOCKET_CODES.has(seen.socketCode))) {
    return new GenerationError(ErrorCode.GEN_TIMEOUT, "The AI provider did not answer in time", {
      provider: "anthropic",
      isRecoverable: true,
      context: { ...context, timeoutMs: state.timeoutMs },
    });
  }
  return new NetworkError(ErrorCode.NET_CONNECTION_FAILED, "The connection to the AI provider failed", {
    isRecoverable: true,
    context,
  });
}
