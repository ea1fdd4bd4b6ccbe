import { describe, expect, it } from "vitest";
import {
  buildErrorDetails,
  buildReportMailto,
  errorFingerprint,
  isAppFrame,
  parseStack,
  requestLines,
  responseLines,
  splitMatches,
} from "@/components/errors/error-details-data";
import { attachExchange } from "@/lib/api/error-exchange";
import { APIError, AppError, ErrorCode, REDACTED } from "@/lib/errors";

const stack = (line: number) =>
  [
    "Error: Boom",
    `    at save (webpack-internal:///./lib/batch/save.ts?v=${line}:${line}:3)`,
    `    at run (webpack-internal:///./lib/batch/run.ts:${line + 10}:9)`,
    "    at react (webpack-internal:///./node_modules/react-dom/cjs/react-dom.js:1:1)",
  ].join("\n");

describe("errorFingerprint", () => {
  it("is the same for the same code and app frames across builds (line numbers and cache-busters change)", () => {
    expect(errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10) })).toBe(
      errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(99) }),
    );
  });

  it("differs for another code or another place in our code, not for library frames", () => {
    const base = errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10) });
    expect(errorFingerprint({ code: ErrorCode.NET_TIMEOUT, stack: stack(10) })).not.toBe(base);
    expect(errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10).replace("save.ts", "load.ts") })).not.toBe(
      base,
    );
    expect(
      errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10).replace("react-dom.js", "react-dom.prod.js") }),
    ).toBe(base);
  });
});

describe("stack parsing", () => {
  it("splits the message header from V8 and Firefox frames and tells app frames from library frames", () => {
    const parsed = parseStack(
      "TypeError: x is undefined\nsecond message line\n    at a (./lib/a.ts:1:1)\nb@http://localhost/_next/static/chunks/node_modules_x.js:2:3",
    );
    expect(parsed.header).toEqual(["TypeError: x is undefined", "second message line"]);
    expect(parsed.frames).toHaveLength(2);
    expect(parsed.frames.map(isAppFrame)).toEqual([true, false]);
  });
});

describe("splitMatches", () => {
  it("matches case-insensitively and literally, keeping the original text", () => {
    expect(splitMatches("a.b A.B axb", "a.b")).toEqual([
      { text: "a.b", match: true },
      { text: " ", match: false },
      { text: "A.B", match: true },
      { text: " axb", match: false },
    ]);
  });
});

describe("buildErrorDetails", () => {
  it("sanitizes every field in one pass and counts the redactions", () => {
    const error = new AppError(ErrorCode.UNKNOWN, "token=abc123secretvalue failed", {
      context: { password: "pw-123456", nested: { authorization: "Bearer zzzzzzzzzzzzzzzzzzzz" } },
    });
    const view = buildErrorDetails(error, {
      request: { method: "GET", url: "/api/x?api_key=sk-ant-aaaaaaaaaaaaaaaaaaaaaaaa" },
    });
    const json = JSON.stringify(view.details);
    for (const secret of [
      "abc123secretvalue",
      "pw-123456",
      "zzzzzzzzzzzzzzzzzzzz",
      "sk-ant-aaaaaaaaaaaaaaaaaaaaaaaa",
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(view.redactedCount).toBeGreaterThanOrEqual(4);
  });
});

describe("buildErrorDetails for an API client error", () => {
  function apiError(): APIError {
    return attachExchange(
      new APIError(ErrorCode.API_BAD_REQUEST, "bad", { status: 400, errorId: "err_srv400", context: { attempt: 1 } }),
      {
        request: { method: "POST", url: "/api/conversations?q=refund%20policy" },
        response: { status: 400, body: { error: { code: "ERR_API_BAD_REQUEST" }, echoed: REDACTED } },
      },
    );
  }

  it("shows the call as Request and Response, not in Context", () => {
    const { details } = buildErrorDetails(apiError());
    expect(details.request).toEqual({ method: "POST", url: "/api/conversations?q=refund%20policy" });
    expect(details.response).toEqual({
      status: 400,
      body: { error: { code: "ERR_API_BAD_REQUEST" }, echoed: REDACTED },
    });
    expect(details.context).toEqual({ attempt: 1 });
  });

  it("counts the values the API client already hid, not only what it hides now", () => {
    expect(buildErrorDetails(apiError()).redactedCount).toBe(1);
  });

  it("lists the request as a line and the response as its status, then the body", () => {
    const { details } = buildErrorDetails(apiError());
    expect(requestLines(details.request!)).toEqual(["POST /api/conversations?q=refund%20policy"]);
    expect(responseLines(details.response!)).toEqual([
      "HTTP 400",
      "",
      "{",
      '  "error": {',
      '    "code": "ERR_API_BAD_REQUEST"',
      "  },",
      '  "echoed": "[REDACTED]"',
      "}",
    ]);
    expect(responseLines({ status: 204 })).toEqual(["HTTP 204", "", "(no body)"]);
  });

  it("puts the method, path and status in the report email, never the query (it can hold what the user searched)", () => {
    const { details } = buildErrorDetails(apiError());
    const body = decodeURIComponent(
      buildReportMailto(details, { supportEmail: "help@example.test", appVersion: "1.0.0" }),
    );
    expect(body).toContain("Request: POST /api/conversations (HTTP 400)");
    expect(body).not.toContain("refund");
  });

  it("an error without a call has neither", () => {
    const { details } = buildErrorDetails(
      new AppError(ErrorCode.UNKNOWN, "render failed", { context: { request: "not an exchange" } }),
    );
    expect(details.request).toBeUndefined();
    expect(details.response).toBeUndefined();
    expect(details.context).toEqual({ request: "not an exchange" });
  });
});
