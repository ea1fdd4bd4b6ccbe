/**
 * The failed call an API client error came from: the request's method and path, and the
 * answer's status and body. Kept in the error's context, so the details modal shows it and
 * the error report carries it. Sanitized when captured: a context is logged, shown and
 * copied, and a response body can echo a secret (a pasted key in a 400's message).
 */
import { sanitize, sanitizeString, type AppError } from "@/lib/errors";

export interface ExchangeRequest {
  method: string;
  /** Path and query only (no origin), with token-like query values redacted. */
  url: string;
}

export interface ExchangeResponse {
  status: number;
  /** Parsed JSON or text, sanitized and capped; absent when the answer had no body. */
  body?: unknown;
}

export interface ApiExchange {
  request?: ExchangeRequest;
  /** Absent when no answer came (a network failure). */
  response?: ExchangeResponse;
}

/** Longer bodies are kept as shortened text: an HTML error page is not worth more. */
const MAX_BODY_CHARS = 4_000;
/** Text beyond this is never even sanitized (it would be cut anyway). */
const MAX_SCANNED_CHARS = 64_000;

/** "https://app/api/x?token=abc#top" -> "/api/x?token=[REDACTED]". */
export function requestPath(url: string): string {
  let pathAndQuery = url;
  try {
    const parsed = new URL(url, "http://relative.invalid");
    pathAndQuery = `${parsed.pathname}${parsed.search}`;
  } catch {
    // Not a URL at all: keep the text, sanitized below.
  }
  return sanitizeString(pathAndQuery);
}

/** A response body as shown: JSON parsed (so the modal can indent it), else text; sanitized and capped. */
export function responseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  if (text.length <= MAX_BODY_CHARS) {
    try {
      return sanitize(JSON.parse(text) as unknown);
    } catch {
      // Not JSON: shown as text.
    }
  }
  // Sanitize before cutting: a secret cut in half is no longer recognisable as one.
  const clean = sanitizeString(text.slice(0, MAX_SCANNED_CHARS));
  return clean.length > MAX_BODY_CHARS ? `${clean.slice(0, MAX_BODY_CHARS)}…` : clean;
}

/**
 * Records the exchange on an error the API client has just created (nobody else holds its
 * context yet, so adding to it changes no one else's error). Returns the same error.
 */
export function attachExchange<E extends AppError>(error: E, exchange: ApiExchange): E {
  if (exchange.request) error.context.request = exchange.request;
  if (exchange.response) error.context.response = exchange.response;
  return error;
}

function isBag(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The exchange an error carries, read defensively (a context can hold anything). */
export function exchangeOf(error: Pick<AppError, "context">): ApiExchange {
  const { request, response } = error.context;
  const exchange: ApiExchange = {};
  if (isBag(request) && typeof request.method === "string" && typeof request.url === "string") {
    exchange.request = { method: request.method, url: request.url };
  }
  if (isBag(response) && typeof response.status === "number") {
    exchange.response =
      response.body === undefined ? { status: response.status } : { status: response.status, body: response.body };
  }
  return exchange;
}
