/**
 * What the Anthropic provider asks for: a system prompt fixing the output format, and a
 * user message describing one conversation. The model answers with JSON only.
 */
import type { GenerationRequest } from "./schemas";

export const ANTHROPIC_SYSTEM_PROMPT = [
  'You write realistic training conversations between a customer (role "user") and a helpful support assistant (role "assistant").',
  "Answer with one JSON object and nothing else, no Markdown fences and no commentary:",
  '{"title": string (at most 80 characters), "turns": [{"role": "user" | "assistant", "content": string}, ...]}',
  "Roles alternate, the first message is the user's and the last is the assistant's. Every message is non-empty plain text.",
].join("\n");

export function buildConversationPrompt(request: GenerationRequest): string {
  const lines = [
    `Topic: ${request.topic}`,
    `Customer persona: ${request.persona ?? "an ordinary customer"}`,
    `Customer's emotional state: ${request.emotion ?? "neutral"}`,
    `Number of messages: exactly ${request.turns} (${request.turns / 2} from the user, ${request.turns / 2} from the assistant)`,
    "",
    "Write the conversation now as the JSON object described.",
  ];
  return lines.join("\n");
}

/** Room for the requested length plus JSON overhead; a cut-off answer would be invalid JSON. */
export function maxTokensFor(turns: number): number {
  return Math.min(8_192, 512 + turns * 400);
}
