import { describe, expect, it } from "vitest";
import { ErrorCode, GenerationError, isRetryable } from "@/lib/errors";
import { parseGenerationRequest, validateGeneratedConversation } from "@/lib/generation/schemas";

const good = {
  title: "Late delivery",
  turns: [
    { role: "user", content: "My parcel is late." },
    { role: "assistant", content: "Sorry about that. Let me check." },
    { role: "user", content: "Thanks." },
    { role: "assistant", content: "It arrives tomorrow." },
  ],
};

function invalidOutput(value: unknown, expectedTurns?: number): GenerationError {
  try {
    validateGeneratedConversation(value, { provider: "anthropic", expectedTurns });
  } catch (error) {
    expect(error).toBeInstanceOf(GenerationError);
    return error as GenerationError;
  }
  throw new Error("expected the output to be rejected");
}

describe("validateGeneratedConversation", () => {
  it("accepts alternating, non-empty turns and trims the text", () => {
    const result = validateGeneratedConversation(
      { ...good, title: "  Late delivery ", turns: good.turns.map((t) => ({ ...t, content: ` ${t.content} ` })) },
      { provider: "offline" },
    );
    expect(result).toEqual(good);
  });

  it.each([
    ["a conversation starting with the assistant", { ...good, turns: [good.turns[1], good.turns[0]] }, "turns.0.role"],
    [
      "two user messages in a row",
      { ...good, turns: [good.turns[0], good.turns[0], good.turns[1], good.turns[3]] },
      "turns.1.role",
    ],
    ["an empty message", { ...good, turns: [good.turns[0], { role: "assistant", content: "   " }] }, "turns.1.content"],
    ["an unknown role", { ...good, turns: [good.turns[0], { role: "system", content: "hi" }] }, "turns.1.role"],
    ["a conversation ending with the user", { ...good, turns: good.turns.slice(0, 3) }, "turns"],
    ["a single message", { ...good, turns: good.turns.slice(0, 1) }, "turns"],
    ["no title", { turns: good.turns }, "title"],
    ["an empty title", { ...good, title: "" }, "title"],
    ["a title that is too long", { ...good, title: "t".repeat(201) }, "title"],
    [
      "a message that is too long",
      { ...good, turns: [good.turns[0], { role: "assistant", content: "x".repeat(10_001) }] },
      "turns.1.content",
    ],
    ["turns that are not a list", { ...good, turns: "user: hi" }, "turns"],
    ["not an object", "a conversation", "(root)"],
    ["null", null, "(root)"],
  ])("rejects %s as retryable ERR_GEN_INVALID_OUTPUT naming the rule", (_label, value, path) => {
    const error = invalidOutput(value);
    expect(error.code).toBe(ErrorCode.GEN_INVALID_OUTPUT);
    expect(error.provider).toBe("anthropic");
    expect(isRetryable(error)).toBe(true);
    expect((error.context.issues as string[]).some((issue) => issue.startsWith(`${path}:`))).toBe(true);
  });

  it("cuts a longer answer to the requested count, still ending with the assistant", () => {
    const result = validateGeneratedConversation(good, { provider: "anthropic", expectedTurns: 2 });
    expect(result.turns).toEqual(good.turns.slice(0, 2));
  });

  it("rejects an answer with fewer messages than requested", () => {
    const error = invalidOutput(good, 6);
    expect(error.code).toBe(ErrorCode.GEN_INVALID_OUTPUT);
    expect(error.context).toMatchObject({ expectedTurns: 6, receivedTurns: 4 });
  });
});

describe("parseGenerationRequest", () => {
  it("applies defaults and drops blank optional text", () => {
    expect(parseGenerationRequest({ topic: "  Refunds ", parameters: { persona: " ", emotion: "calm" } })).toEqual({
      topic: "Refunds",
      persona: undefined,
      emotion: "calm",
      turns: 6,
    });
  });

  it("tolerates missing parameters (old rows)", () => {
    expect(parseGenerationRequest({ topic: "Refunds" } as never).turns).toBe(6);
  });
});
