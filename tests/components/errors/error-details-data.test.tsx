import { describe, expect, it } from "vitest";
import { buildErrorDetails, errorFingerprint, isAppFrame, parseStack, splitMatches } from "@/components/errors/error-details-data";
import { AppError, ErrorCode } from "@/lib/errors";

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
    expect(errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10).replace("save.ts", "load.ts") })).not.toBe(base);
    expect(errorFingerprint({ code: ErrorCode.UNKNOWN, stack: stack(10).replace("react-dom.js", "react-dom.prod.js") })).toBe(base);
  });
});

describe("stack parsing", () => {
  it("splits the message header from V8 and Firefox frames and tells app frames from library frames", () => {
    const parsed = parseStack("TypeError: x is undefined\nsecond message line\n    at a (./lib/a.ts:1:1)\nb@http://localhost/_next/static/chunks/node_modules_x.js:2:3");
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
    const view = buildErrorDetails(error, { request: { method: "GET", url: "/api/x?api_key=sk-ant-aaaaaaaaaaaaaaaaaaaaaaaa" } });
    const json = JSON.stringify(view.details);
    for (const secret of ["abc123secretvalue", "pw-123456", "zzzzzzzzzzzzzzzzzzzz", "sk-ant-aaaaaaaaaaaaaaaaaaaaaaaa"]) {
      expect(json).not.toContain(secret);
    }
    expect(view.redactedCount).toBeGreaterThanOrEqual(4);
  });
});
