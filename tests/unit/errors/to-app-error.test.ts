import { describe, expect, it } from "vitest";
import {
  APIError,
  AppError,
  ErrorCode,
  GenerationError,
  NetworkError,
  ValidationError,
  categorizeError,
  fromHttpStatus,
  getErrorTreatment,
  getUserMessage,
  isRetryable,
  notFound,
  toAppError,
  type ErrorCategory,
  type ErrorTreatment,
} from "@/lib/errors";

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: "error", code, severity: "ERROR" });
}

function abortError(name: "AbortError" | "TimeoutError", message: string): DOMException {
  return new DOMException(message, name);
}

function providerError(status: number, type: string, message: string): Record<string, unknown> {
  return { status, error: { type, message } };
}

/** [label, input, category, retryable, treatment, raw text that must not reach the user]. */
const CASES: [string, unknown, ErrorCategory, boolean, ErrorTreatment, string | null][] = [
  ["HTTP 400", fromHttpStatus(400, "<html>Bad Request from nginx</html>"), "validation", false, "permanent", "nginx"],
  ["HTTP 422", fromHttpStatus(422), "validation", false, "permanent", null],
  ["HTTP 401", fromHttpStatus(401), "auth", false, "permanent", null],
  ["HTTP 403", fromHttpStatus(403), "auth", false, "permanent", null],
  ["HTTP 404", fromHttpStatus(404, "Cannot GET /api/nothing"), "not_found", false, "permanent", "Cannot GET"],
  ["HTTP 408", fromHttpStatus(408), "network", true, "temporary", null],
  ["HTTP 409", fromHttpStatus(409), "conflict", false, "permanent", null],
  ["HTTP 410", fromHttpStatus(410), "not_found", false, "permanent", null],
  ["HTTP 413", fromHttpStatus(413), "validation", false, "permanent", null],
  [
    "HTTP 429 with Retry-After",
    fromHttpStatus(429, "", { "Retry-After": "30" }),
    "rate_limit",
    true,
    "action_required",
    null,
  ],
  [
    "HTTP 500",
    fromHttpStatus(500, "TypeError: cannot read properties of undefined at /srv/app.js:1"),
    "server",
    true,
    "temporary",
    "cannot read",
  ],
  ["HTTP 501", fromHttpStatus(501), "server", false, "permanent", null],
  ["HTTP 502", fromHttpStatus(502, "Bad Gateway"), "server", true, "temporary", "Bad Gateway"],
  ["HTTP 503", fromHttpStatus(503), "server", true, "temporary", null],
  ["HTTP 504", fromHttpStatus(504), "network", true, "temporary", null],
  [
    "our 500 with a database code",
    fromHttpStatus(500, {
      error: { code: "ERR_DB_QUERY_FAILED", message: "relation batch_items does not exist", errorId: "err_abc" },
    }),
    "database",
    false,
    "permanent",
    "relation",
  ],
  [
    "our 503 with ERR_DB_CONNECTION",
    fromHttpStatus(503, { error: { code: "ERR_DB_CONNECTION", message: "connect ECONNREFUSED 10.0.0.5:5432" } }),
    "database",
    true,
    "temporary",
    "ECONNREFUSED",
  ],
  ["fetch TypeError (Chromium)", new TypeError("Failed to fetch"), "network", true, "temporary", "Failed to fetch"],
  [
    "fetch TypeError (Firefox)",
    new TypeError("NetworkError when attempting to fetch resource."),
    "network",
    true,
    "temporary",
    "NetworkError when",
  ],
  ["fetch TypeError (Safari)", new TypeError("Load failed"), "network", true, "temporary", "Load failed"],
  [
    "fetch TypeError (Node, refused)",
    new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3000"), { code: "ECONNREFUSED" }),
    }),
    "network",
    true,
    "temporary",
    "ECONNREFUSED",
  ],
  [
    "AbortError",
    abortError("AbortError", "The user aborted a request."),
    "network",
    false,
    "permanent",
    "aborted a request",
  ],
  [
    "TimeoutError",
    abortError("TimeoutError", "The operation timed out."),
    "network",
    true,
    "temporary",
    "operation timed out",
  ],
  [
    "Postgres 23505",
    pgError("23505", 'duplicate key value violates unique constraint "conversations_pkey"'),
    "database",
    false,
    "permanent",
    "duplicate key",
  ],
  [
    "Postgres 23503",
    pgError("23503", "insert or update on table violates foreign key constraint"),
    "database",
    false,
    "permanent",
    "foreign key constraint",
  ],
  [
    "Postgres 23514",
    pgError("23514", 'new row violates check constraint "batch_items_status_check"'),
    "database",
    false,
    "permanent",
    "check constraint",
  ],
  [
    "Postgres 40001",
    pgError("40001", "could not serialize access due to concurrent update"),
    "database",
    true,
    "temporary",
    "serialize",
  ],
  ["Postgres 40P01", pgError("40P01", "deadlock detected"), "database", true, "temporary", "deadlock"],
  [
    "Postgres 57014",
    pgError("57014", "canceling statement due to statement timeout"),
    "database",
    true,
    "temporary",
    "canceling statement",
  ],
  [
    "postgres.js connection closed",
    Object.assign(new Error("write CONNECTION_CLOSED db:5432"), { code: "CONNECTION_CLOSED" }),
    "database",
    true,
    "temporary",
    "CONNECTION_CLOSED",
  ],
  [
    "provider rate_limit_error",
    providerError(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
    "rate_limit",
    true,
    "action_required",
    "per-minute rate limit",
  ],
  [
    "provider overloaded_error",
    providerError(529, "overloaded_error", "Overloaded"),
    "generation",
    true,
    "temporary",
    "Overloaded",
  ],
  [
    "provider api_error",
    providerError(500, "api_error", "Internal server error (req_011CX)"),
    "generation",
    true,
    "temporary",
    "req_011CX",
  ],
  [
    "provider invalid_request_error",
    providerError(400, "invalid_request_error", "max_tokens: 999999 > 64000, which is the maximum"),
    "generation",
    false,
    "permanent",
    "max_tokens",
  ],
  [
    "provider authentication_error",
    providerError(401, "authentication_error", "invalid x-api-key"),
    "generation",
    false,
    "permanent",
    "x-api-key",
  ],
  [
    "provider permission_error",
    providerError(403, "permission_error", "Your API key does not have permission"),
    "generation",
    false,
    "permanent",
    "permission",
  ],
  [
    "provider SDK error with the whole body",
    {
      status: 429,
      error: { type: "error", error: { type: "rate_limit_error", message: "slow down please" } },
      headers: { "retry-after": "20" },
    },
    "rate_limit",
    true,
    "action_required",
    "slow down please",
  ],
  ["a thrown string", "kaboom in worker 7", "unknown", false, "permanent", "kaboom"],
  ["a plain Error", new Error("undefined is not a function"), "unknown", false, "permanent", "undefined is not"],
  ["null", null, "unknown", false, "permanent", null],
  ["a number", 42, "unknown", false, "permanent", null],
  [
    "ValidationError",
    new ValidationError("topic: Required", { topic: ["Required"] }),
    "validation",
    false,
    "permanent",
    "Required",
  ],
  ["notFound()", notFound("Conversation"), "not_found", false, "permanent", null],
  [
    "offline NetworkError",
    new NetworkError(ErrorCode.NET_OFFLINE, "navigator.onLine is false"),
    "network",
    true,
    "temporary",
    "onLine",
  ],
  [
    "an APIError that crossed JSON",
    JSON.parse(
      JSON.stringify({ name: "APIError", code: "ERR_API_RATE_LIMIT", status: 429, message: "raw upstream text" }),
    ),
    "rate_limit",
    true,
    "action_required",
    "raw upstream text",
  ],
  [
    "a GenerationError",
    new GenerationError(ErrorCode.GEN_INVALID_OUTPUT, "model returned 0 turns", { isRecoverable: true }),
    "generation",
    true,
    "temporary",
    "0 turns",
  ],
];

describe("error classification table", () => {
  it.each(CASES)("%s", (_label, input, category, retryable, treatment, raw) => {
    expect(categorizeError(input)).toBe(category);
    expect(isRetryable(input)).toBe(retryable);
    expect(getErrorTreatment(input)).toBe(treatment);
    const message = getUserMessage(input);
    expect(message.trim().length).toBeGreaterThan(10);
    expect(message).not.toMatch(/ERR_|SQLSTATE|stack|undefined|\[object/);
    if (raw) expect(message).not.toContain(raw);
    expect(toAppError(input)).toBeInstanceOf(AppError);
  });
});

describe("toAppError", () => {
  it("returns AppErrors unchanged", () => {
    const error = notFound("Batch");
    expect(toAppError(error)).toBe(error);
  });

  it("maps fetch failures, aborts and timeouts to the network codes", () => {
    expect(toAppError(new TypeError("Failed to fetch")).code).toBe(ErrorCode.NET_CONNECTION_FAILED);
    expect(toAppError(abortError("AbortError", "x")).code).toBe(ErrorCode.NET_ABORTED);
    expect(toAppError(abortError("TimeoutError", "x")).code).toBe(ErrorCode.NET_TIMEOUT);
    expect(toAppError(toAppError(new TypeError("Failed to fetch")))).toBeInstanceOf(NetworkError);
  });

  it("hands provider errors to the provider mapping (one mapping for the generator and for this)", () => {
    const limited = toAppError({
      status: 429,
      error: { type: "rate_limit_error" },
      headers: new Headers({ "retry-after": "12" }),
    });
    expect(limited).toBeInstanceOf(GenerationError);
    expect((limited as GenerationError).retryAfter).toBe(12);
    expect(getUserMessage(limited)).toBe(
      "The AI provider's rate limit was reached. Wait 12 seconds before generating more.",
    );
  });

  it("wraps strings and unknown values as ERR_UNKNOWN with sanitized text", () => {
    const error = toAppError("failed with password=hunter2");
    expect(error.code).toBe(ErrorCode.UNKNOWN);
    expect(error.message).not.toContain("hunter2");
    expect(toAppError({ weird: true }).code).toBe(ErrorCode.UNKNOWN);
  });

  it("rebuilds the right class from a JSON-crossed error", () => {
    const crossed = JSON.parse(
      JSON.stringify(
        new APIError(ErrorCode.API_CONFLICT, "Item leased", {
          status: 409,
          details: { itemId: "i1" },
          errorId: "err_x",
        }).toJSON(),
      ),
    );
    const error = toAppError(crossed);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      code: ErrorCode.API_CONFLICT,
      status: 409,
      errorId: "err_x",
      details: { itemId: "i1" },
    });
  });
});
