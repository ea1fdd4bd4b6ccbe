import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode, GenerationError, isRetryable, type AppError } from "@/lib/errors";
import { OfflineGenerator, generateOfflineConversation, toneFor } from "@/lib/generation/offline-generator";
import { DEFAULT_TURNS, generatedConversationSchema } from "@/lib/generation/schemas";
import type { GenerationItem } from "@/lib/generation/types";

const item: GenerationItem = {
  topic: "Refund for a damaged laptop",
  parameters: { persona: "small business owner", emotion: "frustrated", turns: 8 },
};

function rejection(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: AppError) => error,
  );
}

describe("offline conversations are deterministic", () => {
  it("gives the same conversation for the same item, from separate generator instances", async () => {
    const first = await new OfflineGenerator().generateConversation(item, {});
    const second = await new OfflineGenerator().generateConversation(structuredClone(item), { provider: "offline" });
    expect(second).toEqual(first);
    expect(generateOfflineConversation(item)).toEqual(first);
  });

  it("does not depend on the order of the parameters' keys", () => {
    const reordered: GenerationItem = {
      topic: item.topic,
      parameters: { turns: 8, emotion: "frustrated", persona: "small business owner" },
    };
    expect(generateOfflineConversation(reordered)).toEqual(generateOfflineConversation(item));
  });

  it("gives different conversations for different topics, personas and emotions", () => {
    const base = generateOfflineConversation(item);
    const otherTopic = generateOfflineConversation({ ...item, topic: "Cancelling a gym membership" });
    const otherPersona = generateOfflineConversation({
      ...item,
      parameters: { ...item.parameters, persona: "retired teacher" },
    });
    const otherEmotion = generateOfflineConversation({ ...item, parameters: { ...item.parameters, emotion: "happy" } });
    for (const other of [otherTopic, otherPersona, otherEmotion]) expect(other).not.toEqual(base);
    expect(otherTopic.turns[0]?.content).toContain("cancelling a gym membership");
    expect(otherPersona.turns[0]?.content).toContain("retired teacher");
  });

  it("varies the wording across topics instead of filling one template", () => {
    const openers = new Set<string>();
    const replies = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const topic = `Billing question number ${i}`;
      const conversation = generateOfflineConversation({ topic, parameters: { turns: 6 } });
      openers.add(
        (conversation.turns[0]?.content ?? "").replace("billing question number " + i, "TOPIC").replace(topic, "TOPIC"),
      );
      replies.add(conversation.turns[3]?.content ?? "");
    }
    expect(openers.size).toBeGreaterThanOrEqual(3);
    expect(replies.size).toBeGreaterThanOrEqual(5);
  });
});

describe("offline conversations have the requested shape", () => {
  it.each([2, 4, 6, 8, 10, 12, 14, 16, 18, 20])(
    "has exactly %i alternating messages, starting with the user",
    (turns) => {
      const conversation = generateOfflineConversation({
        topic: "Changing my delivery address",
        parameters: { turns, emotion: "anxious" },
      });
      expect(conversation.turns).toHaveLength(turns);
      conversation.turns.forEach((turn, index) => {
        expect(turn.role).toBe(index % 2 === 0 ? "user" : "assistant");
        expect(turn.content.trim().length).toBeGreaterThan(20);
      });
      expect(generatedConversationSchema.safeParse(conversation).success).toBe(true);
    },
  );

  it(`has ${DEFAULT_TURNS} messages when the item does not say`, () => {
    expect(generateOfflineConversation({ topic: "Password reset", parameters: {} }).turns).toHaveLength(DEFAULT_TURNS);
  });

  it("reads as finished text: no unfilled slots, no message repeated, the assistant speaks of 'your' topic", () => {
    const emotions = [
      "frustrated",
      "confused",
      "anxious",
      "happy",
      "curious",
      "impatient",
      "neutral",
      "melancholic",
      undefined,
    ];
    for (const [index, emotion] of emotions.entries()) {
      const conversation = generateOfflineConversation({
        topic: `My order ${index} arrived late`,
        parameters: { persona: index % 2 === 0 ? "student" : "Maria, a nurse", emotion, turns: 20 },
      });
      const contents = conversation.turns.map((turn) => turn.content);
      for (const content of contents) {
        expect(content).not.toMatch(/\{\w+\}/);
        expect(content).not.toMatch(/[.!?]\s+[a-z]/);
      }
      expect(new Set(contents).size).toBe(contents.length);
      expect(contents[0]).toMatch(new RegExp(`my order ${index} arrived late`));
      for (const reply of contents.filter((_, i) => i % 2 === 1)) expect(reply).not.toContain("my order");
    }
  });

  it("names itself offline, in the generator and in every title", () => {
    expect(new OfflineGenerator().name).toBe("offline");
    const conversation = generateOfflineConversation(item);
    expect(conversation.title).toBe("Refund for a damaged laptop: small business owner, frustrated (offline)");
    const long = generateOfflineConversation({ topic: "x".repeat(500), parameters: {} });
    expect(long.title.length).toBeLessThanOrEqual(200);
    expect(long.title.endsWith("(offline)")).toBe(true);
  });

  it("matches the emotion to a tone, and falls back to neutral", () => {
    expect(toneFor("Very frustrated")).toBe("frustrated");
    expect(toneFor("worried")).toBe("anxious");
    expect(toneFor("delighted")).toBe("happy");
    expect(toneFor("in a hurry")).toBe("impatient");
    expect(toneFor("melancholic")).toBe("neutral");
    expect(toneFor(undefined)).toBe("neutral");
  });

  it.each([
    [{ topic: "  ", parameters: {} }, "topic"],
    [{ topic: "x".repeat(501), parameters: {} }, "topic"],
    [{ topic: "Refunds", parameters: { turns: 3 } }, "parameters.turns"],
    [{ topic: "Refunds", parameters: { turns: 0 } }, "parameters.turns"],
    [{ topic: "Refunds", parameters: { turns: 22 } }, "parameters.turns"],
    [{ topic: "Refunds", parameters: { turns: 4.5 } }, "parameters.turns"],
    [{ topic: "Refunds", parameters: { turns: "4" } }, "parameters.turns"],
    [{ topic: "Refunds", parameters: { persona: 42 } }, "parameters.persona"],
  ])("refuses a bad item permanently (%j)", async (bad, field) => {
    const error = await rejection(new OfflineGenerator().generateConversation(bad as GenerationItem, {}));
    expect(error).toBeInstanceOf(GenerationError);
    expect(error.code).toBe(ErrorCode.GEN_INVALID_REQUEST);
    expect(error.context.field).toBe(field);
    expect(isRetryable(error)).toBe(false);
  });
});

describe("offline latency", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits the configured latency before answering", async () => {
    vi.useFakeTimers();
    const generator = new OfflineGenerator({ latencyMs: 1_000 });
    let settled = false;
    const pending = generator.generateConversation(item, {}).then((conversation) => {
      settled = true;
      return conversation;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual(generateOfflineConversation(item));
  });

  it("stops waiting as soon as the caller aborts, with a non-retryable ERR_NET_ABORTED", async () => {
    const generator = new OfflineGenerator({ latencyMs: 600_000 });
    const controller = new AbortController();
    const pending = rejection(generator.generateConversation(item, {}, controller.signal));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe(ErrorCode.NET_ABORTED);
    expect(isRetryable(error)).toBe(false);
  });

  it("does not start when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(new OfflineGenerator().generateConversation(item, {}, controller.signal));
    expect(error.code).toBe(ErrorCode.NET_ABORTED);
  });
});
