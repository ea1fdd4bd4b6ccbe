/**
 * A successful Messages API answer turned into a validated conversation. The model is
 * asked for bare JSON, but fences or a sentence around it are tolerated; anything that
 * still is not a valid conversation is ERR_GEN_INVALID_OUTPUT (retryable), a refusal is
 * ERR_GEN_CONTENT_FILTERED (permanent: the same request would be refused again).
 */
import { GenerationError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { validateGeneratedConversation } from "./schemas";
import type { GeneratedConversation } from "./types";

function invalidOutput(reason: string, context: Record<string, unknown> = {}): GenerationError {
  return new GenerationError(ErrorCode.GEN_INVALID_OUTPUT, `The AI provider's answer could not be used: ${reason}`, {
    provider: "anthropic",
    isRecoverable: true,
    context: { reason, ...context },
  });
}

interface MessagesBody {
  content: Array<{ type?: unknown; text?: unknown }>;
  stop_reason?: unknown;
}

function readBody(bodyText: string): MessagesBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    throw invalidOutput("the response body is not JSON", { bodyLength: bodyText.length });
  }
  const content = (parsed as { content?: unknown } | null)?.content;
  if (!Array.isArray(content)) throw invalidOutput("the response has no content blocks");
  return parsed as MessagesBody;
}

/** The JSON object inside the model's text: bare, fenced, or with words around it. */
export function extractJsonObject(text: string): unknown {
  const unfenced = text.replace(/^\s*```(?:json)?\s*/i, "").replace(/\s*```\s*$/, "");
  const start = unfenced.indexOf("{");
  const end = unfenced.lastIndexOf("}");
  if (start < 0 || end <= start)
    throw invalidOutput("the model's text contains no JSON object", { textLength: text.length });
  try {
    return JSON.parse(unfenced.slice(start, end + 1));
  } catch {
    throw invalidOutput("the model's JSON does not parse", { textLength: text.length });
  }
}

export function parseMessagesResponse(bodyText: string, expectedTurns: number): GeneratedConversation {
  const body = readBody(bodyText);
  if (body.stop_reason === "refusal") {
    throw new GenerationError(ErrorCode.GEN_CONTENT_FILTERED, "The AI provider declined to write this conversation", {
      provider: "anthropic",
      isRecoverable: false,
      context: { stopReason: "refusal" },
    });
  }
  const text = body.content
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string)
    .join("");
  if (text.trim() === "") throw invalidOutput("the response has no text");
  if (body.stop_reason === "max_tokens")
    throw invalidOutput("the answer was cut off at the token limit", { stopReason: "max_tokens" });
  return validateGeneratedConversation(extractJsonObject(text), { provider: "anthropic", expectedTurns });
}
