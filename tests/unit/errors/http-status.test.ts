import { describe, expect, it } from "vitest";
import {
  ErrorCode,
  ValidationError,
  categorizeError,
  fromHttpStatus,
  getUserMessage,
  parseRetryAfter,
  retryAfterFromHeaders,
} from "@/lib/errors";

describe("fromHttpStatus", () => {
  it("parses our error shape: known code, details, errorId, and shows our own 4xx sentence", () => {
    const body = {
      error: {
        code: "ERR_VAL_INVALID_INPUT",
        message: "items: must contain at least 1 item",
        details: { fieldErrors: { items: ["must contain at least 1 item"] } },
        errorId: "err_0123abcd",
      },
    };
    const error = fromHttpStatus(400, JSON.stringify(body));
    expect(error).toMatchObject({
      code: ErrorCode.VAL_INVALID_INPUT,
      status: 400,
      errorId: "err_0123abcd",
      details: { fieldErrors: { items: ["must contain at least 1 item"] } },
    });
    expect(categorizeError(error)).toBe("validation");
    expect(getUserMessage(error)).toBe("items: must contain at least 1 item");
  });

  it("names the fields when our 400 has field errors but the message is generic", () => {
    const error = new ValidationError("Invalid input", { topic: ["Required"], "items.0.topic": ["Too long"] });
    expect(getUserMessage(error)).toBe(
      "Some of what you entered is not valid. Check these fields: topic, items.0.topic.",
    );
  });

  it("ignores an unknown code and keeps the status-derived one", () => {
    const error = fromHttpStatus(409, { error: { code: "ERR_MADE_UP", message: "x" } });
    expect(error.code).toBe(ErrorCode.API_CONFLICT);
  });

  it("does not show a 5xx message from the body, even our own", () => {
    const error = fromHttpStatus(500, { error: { code: "ERR_INTERNAL", message: "null pointer in batch runner" } });
    expect(getUserMessage(error)).not.toContain("null pointer");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(fromHttpStatus(429, undefined, { "retry-after": "7" }).retryAfter).toBe(7);
    expect(
      fromHttpStatus(429, undefined, new Headers({ "Retry-After": "Sat, 28 Nov 2026 12:01:30 GMT" }), { now })
        .retryAfter,
    ).toBe(90);
    expect(fromHttpStatus(429, undefined, { "retry-after": "soon" }).retryAfter).toBeUndefined();
    expect(parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(getUserMessage(fromHttpStatus(429, undefined, { "retry-after": "120" }))).toBe(
      "Too many requests in a short time. Wait 2 minutes, then try again.",
    );
  });

  it("prefers retry-after-ms (milliseconds, rounded up to whole seconds) over Retry-After, and ignores an unreadable one", () => {
    expect(fromHttpStatus(429, undefined, { "retry-after-ms": "1500", "retry-after": "30" }).retryAfter).toBe(2);
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "1001" }))).toBe(2);
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "3000" }))).toBe(3);
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "0" }))).toBe(0);
    expect(retryAfterFromHeaders({ "retry-after-ms": "soon", "retry-after": "4" })).toBe(4);
    expect(retryAfterFromHeaders({})).toBeUndefined();
  });
});
