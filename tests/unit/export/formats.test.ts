import { describe, expect, it } from "vitest";
import { mapConversation, toAlpaca, toMessages, toShareGpt, type ExportTurn } from "@/lib/export/formats";

const turns: ExportTurn[] = [
  { role: "user", content: "Where is my order?" },
  { role: "assistant", content: "Let me check." },
  { role: "user", content: "Thanks" },
  { role: "assistant", content: "It ships today." },
];

describe("messages", () => {
  it("maps roles as they are and puts the system prompt first", () => {
    expect(toMessages(turns, "Be kind.")).toEqual({
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "Where is my order?" },
        { role: "assistant", content: "Let me check." },
        { role: "user", content: "Thanks" },
        { role: "assistant", content: "It ships today." },
      ],
    });
  });

  it("adds no system message without a prompt (or with a blank one)", () => {
    expect(toMessages(turns.slice(0, 2)).messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(toMessages(turns.slice(0, 2), "   ").messages.map((m) => m.role)).toEqual(["user", "assistant"]);
  });
});

describe("sharegpt", () => {
  it("maps user -> human, assistant -> gpt, system -> system, content -> value", () => {
    expect(toShareGpt(turns.slice(0, 2), "Be kind.")).toEqual({
      conversations: [
        { from: "system", value: "Be kind." },
        { from: "human", value: "Where is my order?" },
        { from: "gpt", value: "Let me check." },
      ],
    });
  });
});

describe("alpaca", () => {
  it("maps one user turn and one assistant turn to instruction/input/output", () => {
    expect(toAlpaca(turns.slice(0, 2))).toEqual({
      ok: true,
      example: { instruction: "Where is my order?", input: "", output: "Let me check." },
    });
  });

  it("puts the system prompt in a `system` key (LLaMA-Factory's alpaca field)", () => {
    const result = toAlpaca(turns.slice(0, 2), "Be kind.");
    expect(result).toEqual({
      ok: true,
      example: { instruction: "Where is my order?", input: "", output: "Let me check.", system: "Be kind." },
    });
    // Key order of the written line: the standard fields first.
    expect(result.ok && Object.keys(result.example)).toEqual(["instruction", "input", "output", "system"]);
  });

  it.each([
    ["a multi-turn conversation", turns, /4 turns/],
    ["a single turn", turns.slice(0, 1), /1 turn\b/],
    ["no turns", [], /0 turns/],
    ["assistant first", [turns[1], turns[0]] as ExportTurn[], /from assistant then user/],
    ["two user turns", [turns[0], turns[2]] as ExportTurn[], /from user then user/],
  ])("skips %s as not_single_turn (never silently)", (_label, input, message) => {
    const result = toAlpaca(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe("not_single_turn");
      expect(result.message).toMatch(message);
    }
  });
});

describe("mapConversation", () => {
  it("dispatches by format and serialises to one JSON line", () => {
    for (const format of ["messages", "sharegpt", "alpaca"] as const) {
      const result = mapConversation(format, turns.slice(0, 2), "S\nline two");
      expect(result.ok).toBe(true);
      if (result.ok) expect(JSON.stringify(result.example)).not.toContain("\n");
    }
    expect(mapConversation("alpaca", turns).ok).toBe(false);
  });
});
