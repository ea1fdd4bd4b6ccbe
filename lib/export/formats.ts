import type { ExportFormat } from "./types";

/*
 * The three fine-tuning formats, as pure mappings from a conversation's turns to one JSONL
 * line. Browser-safe (the export dialog may show a sample line).
 *
 * - messages: {"messages":[{"role":"system"|"user"|"assistant","content":...}]}
 *   (OpenAI, Together, Mistral, Hugging Face TRL, Axolotl's chat_template)
 * - sharegpt: {"conversations":[{"from":"system"|"human"|"gpt","value":...}]}
 *   (Axolotl, LLaMA-Factory, Unsloth's ShareGPT loaders)
 * - alpaca:   {"instruction":...,"input":"","output":...[,"system":...]}
 *   Exactly one user turn followed by one assistant turn. Alpaca's standard fields are
 *   instruction/input/output; the system prompt goes in a `system` key, which
 *   LLaMA-Factory's alpaca format reads (others ignore it). Anything else is reported as a
 *   `not_single_turn` skip, never silently dropped.
 */

export type TurnRole = "user" | "assistant";

export interface ExportTurn {
  role: TurnRole;
  content: string;
}

export interface MessagesExample {
  messages: { role: "system" | TurnRole; content: string }[];
}

export interface ShareGptExample {
  conversations: { from: "system" | "human" | "gpt"; value: string }[];
}

export interface AlpacaExample {
  instruction: string;
  input: string;
  output: string;
  system?: string;
}

export type Example = MessagesExample | ShareGptExample | AlpacaExample;

export type MapResult = { ok: true; example: Example } | { ok: false; kind: "not_single_turn"; message: string };

const SHAREGPT_FROM = { user: "human", assistant: "gpt" } as const;

/** An empty or blank system prompt is no system prompt. */
export function normalizeSystemPrompt(systemPrompt: string | undefined): string | undefined {
  return systemPrompt !== undefined && systemPrompt.trim() !== "" ? systemPrompt : undefined;
}

export function toMessages(turns: readonly ExportTurn[], systemPrompt?: string): MessagesExample {
  const system = normalizeSystemPrompt(systemPrompt);
  return {
    messages: [
      ...(system === undefined ? [] : [{ role: "system" as const, content: system }]),
      ...turns.map((turn) => ({ role: turn.role, content: turn.content })),
    ],
  };
}

export function toShareGpt(turns: readonly ExportTurn[], systemPrompt?: string): ShareGptExample {
  const system = normalizeSystemPrompt(systemPrompt);
  return {
    conversations: [
      ...(system === undefined ? [] : [{ from: "system" as const, value: system }]),
      ...turns.map((turn) => ({ from: SHAREGPT_FROM[turn.role], value: turn.content })),
    ],
  };
}

/** One user turn then one assistant turn, or the reason it cannot be an alpaca example. */
export function toAlpaca(turns: readonly ExportTurn[], systemPrompt?: string): MapResult {
  const [first, second] = turns;
  if (turns.length !== 2 || first?.role !== "user" || second?.role !== "assistant") {
    const shape =
      turns.length === 2
        ? `turns from ${first?.role} then ${second?.role}`
        : `${turns.length} turn${turns.length === 1 ? "" : "s"}`;
    return {
      ok: false,
      kind: "not_single_turn",
      message: `Alpaca needs exactly one user turn followed by one assistant turn; this conversation has ${shape}.`,
    };
  }
  const system = normalizeSystemPrompt(systemPrompt);
  return {
    ok: true,
    example: {
      instruction: first.content,
      input: "",
      output: second.content,
      ...(system === undefined ? {} : { system }),
    },
  };
}

export function mapConversation(format: ExportFormat, turns: readonly ExportTurn[], systemPrompt?: string): MapResult {
  switch (format) {
    case "messages":
      return { ok: true, example: toMessages(turns, systemPrompt) };
    case "sharegpt":
      return { ok: true, example: toShareGpt(turns, systemPrompt) };
    case "alpaca":
      return toAlpaca(turns, systemPrompt);
  }
}

/** Rough tokens of a text: characters / 4, rounded up. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  messages: "messages JSONL (OpenAI, Together, Mistral, TRL, Axolotl chat_template)",
  sharegpt: "ShareGPT JSONL (Axolotl, LLaMA-Factory, Unsloth)",
  alpaca: "Alpaca JSONL, single-turn (LLaMA-Factory, Axolotl, Unsloth)",
};
