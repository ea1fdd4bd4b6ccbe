import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors/classes";
import { hasUnstorableText, replaceUnstorableText, UNSTORABLE_TEXT_MESSAGE, validate } from "@/lib/errors/validation";

/* The validation the routes and the domain code (batch, import) share. */

const schema = z.object({ title: z.string().min(1), tags: z.array(z.string()).optional() });

function fieldErrorsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors;
  }
  throw new Error("expected a ValidationError");
}

describe("validate", () => {
  it("returns the schema's output for valid input", () => {
    expect(validate(schema, { title: "t", extra: 1 }, "body", "bad")).toEqual({ title: "t" });
  });

  it("names each invalid field by its dotted path, and the root by rootName", () => {
    expect(Object.keys(fieldErrorsOf(() => validate(schema, { title: "", tags: [1] }, "body", "bad"))).sort()).toEqual([
      "tags.0",
      "title",
    ]);
    expect(Object.keys(fieldErrorsOf(() => validate(schema, "nope", "config", "bad")))).toEqual(["config"]);
  });

  it("says which fields in the message, after the summary", () => {
    expect(() => validate(schema, { title: "" }, "body", "The batch has invalid fields")).toThrow(
      "The batch has invalid fields: title.",
    );
  });

  it("refuses a NUL or a lone surrogate in a value or a key, even where the schema would accept it", () => {
    const errors = fieldErrorsOf(() =>
      validate(z.record(z.string(), z.string()), { a: "x\u0000y", "k\ud800": "v" }, "body", "bad"),
    );
    expect(errors.a).toEqual([UNSTORABLE_TEXT_MESSAGE]);
    expect(errors["k\uFFFD"]).toEqual([UNSTORABLE_TEXT_MESSAGE]);
  });
});

describe("unstorable text", () => {
  it("tells a lone surrogate from a valid pair", () => {
    expect(hasUnstorableText("emoji \ud83d\ude00")).toBe(false);
    expect(hasUnstorableText("half \ud83d")).toBe(true);
    expect(hasUnstorableText("tail \ude00")).toBe(true);
    expect(hasUnstorableText("nul \u0000")).toBe(true);
  });

  it("replaces them by U+FFFD in values and keys, keeping a __proto__ key a plain key", () => {
    const value = JSON.parse('{"a\\u0000":["x\\ud800"],"__proto__":"p\\u0000"}') as Record<string, unknown>;
    const fixed = replaceUnstorableText(value) as Record<string, unknown>;
    expect(fixed["a\uFFFD"]).toEqual(["x\uFFFD"]);
    expect(Object.getOwnPropertyDescriptor(fixed, "__proto__")?.value).toBe("p\uFFFD");
    expect(Object.getPrototypeOf(fixed)).toBe(Object.prototype);
  });
});
