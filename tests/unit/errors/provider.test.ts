import Anthropic, { type APIError as SdkAPIError } from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { ErrorCode, GenerationError, NetworkError, isRetryable, toAppError } from "@/lib/errors";
import { DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS, looksLikeProviderError, toProviderError } from "@/lib/errors/provider";

/** What the SDK throws for an HTTP error answer: its own class per status, with headers and the body. */
function sdkAnswer(
  status: number,
  headers: Record<string, string> = {},
  type?: string,
  message = "provider words",
): SdkAPIError {
  const body = type ? { type: "error", error: { type, message } } : undefined;
  return Anthropic.APIError.generate(status, body, type ? undefined : message, new Headers(headers));
}

function generationError(error: unknown): GenerationError {
  expect(error).toBeInstanceOf(GenerationError);
  return error as GenerationError;
}

describe("the provider mapping: HTTP answers", () => {
  const BY_STATUS: [number, ErrorCode, boolean][] = [
    [400, ErrorCode.GEN_INVALID_REQUEST, false],
    [401, ErrorCode.GEN_AUTH_FAILED, false],
    [403, ErrorCode.GEN_AUTH_FAILED, false],
    [404, ErrorCode.GEN_INVALID_REQUEST, false],
    [408, ErrorCode.GEN_TIMEOUT, true],
    [413, ErrorCode.GEN_INVALID_REQUEST, false],
    [429, ErrorCode.GEN_RATE_LIMIT, true],
    [500, ErrorCode.GEN_PROVIDER_ERROR, true],
    [502, ErrorCode.GEN_PROVIDER_ERROR, true],
    [503, ErrorCode.GEN_OVERLOADED, true],
    [504, ErrorCode.GEN_TIMEOUT, true],
    [529, ErrorCode.GEN_OVERLOADED, true],
  ];

  it.each(BY_STATUS)("HTTP %i without Anthropic's body -> %s (retryable: %s)", (status, code, retryable) => {
    const error = generationError(toProviderError(sdkAnswer(status)));
    expect(error.code).toBe(code);
    expect(error.isRecoverable).toBe(retryable);
    expect(isRetryable(error)).toBe(retryable);
    expect(error.provider).toBe("anthropic");
    expect(error.context.providerStatus).toBe(status);
  });

  it("decides 408 and 504 once: a timeout, retryable, the same through toAppError as through the generator's path", () => {
    for (const status of [408, 504]) {
      const direct = toProviderError(sdkAnswer(status));
      const classified = toAppError(sdkAnswer(status));
      const plain = toAppError({ status, error: { type: "timeout_error", message: "took too long" } });
      for (const error of [direct, classified, plain]) {
        expect(error.code).toBe(ErrorCode.GEN_TIMEOUT);
        expect(isRetryable(error)).toBe(true);
      }
    }
  });

  it("goes by Anthropic's error type when the body names one", () => {
    const cases: [string, ErrorCode][] = [
      ["rate_limit_error", ErrorCode.GEN_RATE_LIMIT],
      ["overloaded_error", ErrorCode.GEN_OVERLOADED],
      ["api_error", ErrorCode.GEN_PROVIDER_ERROR],
      ["timeout_error", ErrorCode.GEN_TIMEOUT],
      ["invalid_request_error", ErrorCode.GEN_INVALID_REQUEST],
      ["authentication_error", ErrorCode.GEN_AUTH_FAILED],
      ["permission_error", ErrorCode.GEN_AUTH_FAILED],
      ["billing_error", ErrorCode.GEN_AUTH_FAILED],
    ];
    for (const [type, code] of cases) {
      for (const error of [
        toAppError({ status: 400, error: { type, message: "provider words" } }),
        toProviderError(sdkAnswer(400, {}, type)),
      ]) {
        expect(error).toBeInstanceOf(GenerationError);
        expect(error.code).toBe(code);
        expect(error.message).not.toContain("provider words");
        expect(error.context.providerMessage).toBe("provider words");
        expect(error.context.providerType).toBe(type);
      }
    }
  });

  it("falls back to the status for a type it does not know", () => {
    expect(toProviderError(sdkAnswer(503, {}, "brand_new_error")).code).toBe(ErrorCode.GEN_OVERLOADED);
  });

  it("reads retry-after-ms first (milliseconds, rounded up to seconds), then Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    const precise = generationError(toProviderError(sdkAnswer(429, { "retry-after-ms": "2500", "retry-after": "30" })));
    expect(precise.retryAfter).toBe(3);
    // What the batch layer parks the item for, in whole milliseconds.
    expect(precise.retryAfter! * 1000).toBe(3000);
    expect(generationError(toProviderError(sdkAnswer(429, { "retry-after": "30" }))).retryAfter).toBe(30);
    const dated = toProviderError(sdkAnswer(429, { "retry-after": "Sat, 28 Nov 2026 12:01:00 GMT" }), { now });
    expect(generationError(dated).retryAfter).toBe(60);
  });

  it("passes the wait on for 503 and 529 too, not only for 429", () => {
    for (const status of [503, 529]) {
      const error = generationError(toProviderError(sdkAnswer(status, { "retry-after": "20" })));
      expect(error.code).toBe(ErrorCode.GEN_OVERLOADED);
      expect(error.retryAfter).toBe(20);
    }
    expect(generationError(toProviderError(sdkAnswer(529, { "retry-after-ms": "800" }))).retryAfter).toBe(1);
  });

  it("waits a default after a 429 that named no wait, and adds none to other statuses", () => {
    const limited = generationError(toProviderError(sdkAnswer(429)));
    expect(limited.retryAfter).toBe(DEFAULT_RATE_LIMIT_RETRY_AFTER_SECONDS);
    expect(limited.context.retryAfterSource).toBe("default");
    expect(generationError(toProviderError(sdkAnswer(529))).retryAfter).toBeUndefined();
  });

  it("lets x-should-retry overrule the status: false stops a 500's retries, true retries a 400", () => {
    const stop = generationError(toProviderError(sdkAnswer(500, { "x-should-retry": "false" })));
    expect(stop.code).toBe(ErrorCode.GEN_PROVIDER_ERROR);
    expect(stop.shouldRetry).toBe(false);
    expect(stop.isRecoverable).toBe(false);
    expect(isRetryable(stop)).toBe(false);

    const go = generationError(toProviderError(sdkAnswer(400, { "x-should-retry": "true" })));
    expect(go.code).toBe(ErrorCode.GEN_INVALID_REQUEST);
    expect(isRetryable(go)).toBe(true);

    const unsure = generationError(toProviderError(sdkAnswer(500, { "x-should-retry": "maybe" })));
    expect(unsure.shouldRetry).toBeUndefined();
    expect(isRetryable(unsure)).toBe(true);
  });

  it("keeps the provider's verdict when the error crosses JSON (the batch layer stores errors)", () => {
    const stop = toProviderError(sdkAnswer(500, { "x-should-retry": "false" }));
    const crossed = toAppError(JSON.parse(JSON.stringify(stop.toJSON())));
    expect(crossed).toBeInstanceOf(GenerationError);
    expect(isRetryable(crossed)).toBe(false);
  });

  it("keeps the request id and scrubs provider text with the caller's scrubber", () => {
    const error = toProviderError(
      sdkAnswer(401, { "request-id": "req_42" }, "authentication_error", "bad key KEY-123456"),
      {
        scrub: (text) => text.replaceAll("KEY-123456", "[REDACTED]"),
      },
    );
    expect(error.context.providerRequestId).toBe("req_42");
    expect(error.context.providerMessage).toBe("bad key [REDACTED]");
  });
});

describe("the provider mapping: calls without an answer", () => {
  it("maps the SDK's timeout to ERR_GEN_TIMEOUT, its abort to ERR_NET_ABORTED, a failed connection to ERR_NET_CONNECTION_FAILED", () => {
    expect(toAppError(new Anthropic.APIConnectionTimeoutError()).code).toBe(ErrorCode.GEN_TIMEOUT);
    expect(toAppError(new Anthropic.APIUserAbortError()).code).toBe(ErrorCode.NET_ABORTED);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const failed = toAppError(
      new Anthropic.APIConnectionError({ cause: new TypeError("fetch failed", { cause: refused }) }),
    );
    expect(failed).toBeInstanceOf(NetworkError);
    expect(failed.code).toBe(ErrorCode.NET_CONNECTION_FAILED);
    expect(failed.context.socketCode).toBe("ECONNREFUSED");
    expect(isRetryable(failed)).toBe(true);
  });

  it("tells the caller's cancellation from its own timeout by what the caller knows", () => {
    const abort = new Anthropic.APIUserAbortError();
    expect(toProviderError(abort, { transport: { aborted: true, timedOut: false } }).code).toBe(ErrorCode.NET_ABORTED);
    const timedOut = toProviderError(abort, { transport: { aborted: false, timedOut: true, timeoutMs: 400 } });
    expect(timedOut.code).toBe(ErrorCode.GEN_TIMEOUT);
    expect(timedOut.context.timeoutMs).toBe(400);
  });

  it("recognises SDK errors and provider bodies, and nothing else", () => {
    expect(looksLikeProviderError(sdkAnswer(503))).toBe(true);
    expect(looksLikeProviderError(new Anthropic.APIConnectionError({}))).toBe(true);
    expect(looksLikeProviderError({ error: { type: "overloaded_error" } })).toBe(true);
    expect(looksLikeProviderError(new DOMException("gone", "NotFoundError"))).toBe(false);
    expect(looksLikeProviderError({ status: 500, body: "oops" })).toBe(false);
    expect(looksLikeProviderError(new TypeError("Failed to fetch"))).toBe(false);
  });
});
