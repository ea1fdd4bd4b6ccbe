/**
 * What a provider must hand back, and what a request may ask for. Browser-safe.
 *
 * A conversation for fine-tuning alternates user/assistant, starts with the user and ends
 * with the assistant (the reply is what the model learns from), so the message count is even.
 */
import { z } from "zod";
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import type { GeneratedConversation, GenerationItem, ProviderName } from "./types";

export const MIN_TURNS = 2;
export const MAX_TURNS = 20;
export const DEFAULT_TURNS = 6;
export const MAX_TITLE_LENGTH = 200;
export const MAX_TURN_LENGTH = 10_000;
export const MAX_TOPIC_LENGTH = 500;

const nonEmptyText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim().length > 0, "must not be empty");

export const generatedTurnSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: nonEmptyText(MAX_TURN_LENGTH),
});

export const generatedConversationSchema = z
  .object({
    title: nonEmptyText(MAX_TITLE_LENGTH),
    turns: z.array(generatedTurnSchema).min(MIN_TURNS, `must have at least ${MIN_TURNS} messages`),
  })
  .superRefine((conversation, ctx) => {
    conversation.turns.forEach((turn, index) => {
      const expected = index % 2 === 0 ? "user" : "assistant";
      if (turn.role !== expected) {
        ctx.addIssue({
          code: "custom",
          path: ["turns", index, "role"],
          message: `must be ${expected} (roles alternate, starting with user)`,
        });
      }
    });
    if (conversation.turns.length % 2 !== 0) {
      ctx.addIssue({ code: "custom", path: ["turns"], message: "must end with an assistant message" });
    }
  });

/** A request both providers understand, with the defaults applied. */
export interface GenerationRequest {
  topic: string;
  persona?: string;
  emotion?: string;
  turns: number;
}

function invalidRequest(field: string, message: string): GenerationError {
  return new GenerationError(ErrorCode.GEN_INVALID_REQUEST, `${field}: ${message}`, {
    isRecoverable: false,
    context: { field },
  });
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(field, "must be text");
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * The item's topic and known parameters, checked once for every provider. The batch
 * schemas reject bad input at the route already; this guards the headless runner and
 * old rows, and makes such an item fail permanently (retrying cannot fix it).
 */
export function parseGenerationRequest(item: GenerationItem): GenerationRequest {
  const topic = typeof item.topic === "string" ? item.topic.trim() : "";
  if (topic === "") throw invalidRequest("topic", "must not be empty");
  if (topic.length > MAX_TOPIC_LENGTH) throw invalidRequest("topic", `must be at most ${MAX_TOPIC_LENGTH} characters`);

  const parameters = item.parameters ?? {};
  const turns = parameters.turns ?? DEFAULT_TURNS;
  if (
    typeof turns !== "number" ||
    !Number.isInteger(turns) ||
    turns < MIN_TURNS ||
    turns > MAX_TURNS ||
    turns % 2 !== 0
  ) {
    throw invalidRequest("parameters.turns", `must be an even whole number from ${MIN_TURNS} to ${MAX_TURNS}`);
  }
  return {
    topic,
    persona: optionalText(parameters.persona, "parameters.persona"),
    emotion: optionalText(parameters.emotion, "parameters.emotion"),
    turns,
  };
}

export interface ValidateOptions {
  provider: ProviderName;
  /** The message count asked for: a longer answer is cut to it, a shorter one is rejected. */
  expectedTurns?: number;
}

/**
 * A provider's answer as a GeneratedConversation, or ERR_GEN_INVALID_OUTPUT (retryable:
 * a model can answer well on the next attempt, and the batch caps attempts per item).
 * The error names the broken rules, never the model's text.
 */
export function validateGeneratedConversation(value: unknown, options: ValidateOptions): GeneratedConversation {
  const result = generatedConversationSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new GenerationError(ErrorCode.GEN_INVALID_OUTPUT, "The AI provider's answer is not a valid conversation", {
      provider: options.provider,
      isRecoverable: true,
      context: { issues },
    });
  }
  const conversation: GeneratedConversation = {
    title: result.data.title.trim(),
    turns: result.data.turns.map((turn) => ({ role: turn.role, content: turn.content.trim() })),
  };
  const expected = options.expectedTurns;
  if (expected !== undefined && conversation.turns.length !== expected) {
    if (conversation.turns.length < expected) {
      throw new GenerationError(
        ErrorCode.GEN_INVALID_OUTPUT,
        "The AI provider's answer has fewer messages than asked for",
        {
          provider: options.provider,
          isRecoverable: true,
          context: { expectedTurns: expected, receivedTurns: conversation.turns.length },
        },
      );
    }
    // Even counts on both sides, so the cut still ends with an assistant message.
    conversation.turns = conversation.turns.slice(0, expected);
  }
  return conversation;
}
