import { createHash } from "node:crypto";
import { config } from "@/lib/config";
import { estimateTokens, mapConversation, normalizeSystemPrompt, type ExportTurn } from "./formats";
import type { ExportFormat, ExportProblem, ProblemKind } from "./types";

/*
 * The pre-flight check and the decision "is this conversation written?", one conversation
 * at a time, in the order they are read. The same pipeline serves the preview, the
 * download's passes and the CLI, so what the preview promises is what the file holds.
 *
 * Memory: only the duplicate check keeps state, one SHA-256 per example (and the id of its
 * first occurrence); everything else is per conversation.
 */

export interface ExportConversation {
  id: string;
  title: string;
  batchJobId: string | null;
  /** From the conversation's metadata (what generated it), for the dataset card. */
  provider: string | null;
  model: string | null;
  turns: ExportTurn[];
}

export interface FoundProblem {
  kind: ProblemKind;
  message: string;
  /** duplicate: the conversation whose content this one repeats (written, unless excluded itself). */
  duplicateOf?: string;
}

export interface PipelineOptions {
  format: ExportFormat;
  systemPrompt?: string;
  /** Leave out conversations with a problem (alpaca's not_single_turn are always left out). */
  excludeProblems?: boolean;
  maxExampleTokens?: number;
  /** Default true; a download that keeps every example needs no duplicate check. */
  detectDuplicates?: boolean;
}

export interface Decision {
  conversation: ExportConversation;
  problems: FoundProblem[];
  /** The JSONL line (no newline) when the conversation is written, else null. */
  line: string | null;
  /** Turns of the conversation (the system prompt is not a turn). */
  turns: number;
  estimatedTokens: number;
}

/** Problems of the turns themselves (not the format): empty, not alternating, last not from the assistant. */
export function turnProblems(turns: readonly ExportTurn[]): FoundProblem[] {
  const problems: FoundProblem[] = [];
  if (turns.length === 0) {
    problems.push({ kind: "empty_turn", message: "The conversation has no turns." });
    return problems;
  }
  const empty = turns.flatMap((turn, index) => (turn.content.trim() === "" ? [index + 1] : []));
  if (empty.length > 0) {
    problems.push({
      kind: "empty_turn",
      message: empty.length === 1 ? `Turn ${empty[0]} is empty.` : `Turns ${empty.join(", ")} are empty.`,
    });
  }
  if (turns[0]?.role !== "user") {
    problems.push({
      kind: "roles_not_alternating",
      message: "Turn 1 is from the assistant; a conversation starts with the user.",
    });
  } else {
    const repeat = turns.findIndex((turn, index) => index > 0 && turn.role === turns[index - 1]?.role);
    if (repeat > 0) {
      problems.push({
        kind: "roles_not_alternating",
        message: `Turns ${repeat} and ${repeat + 1} are both from the ${turns[repeat]?.role}; roles must alternate.`,
      });
    }
  }
  if (turns.at(-1)?.role !== "assistant") {
    problems.push({
      kind: "last_turn_not_assistant",
      message: `The last turn (${turns.length}) is from the user, not the assistant.`,
    });
  }
  return problems;
}

/** A fixed-size key for the duplicate check: SHA-256 of the mapped line, base64. */
export function contentHash(line: string): string {
  return createHash("sha256").update(line, "utf8").digest("base64");
}

export class ExamplePipeline {
  private readonly format: ExportFormat;
  private readonly systemPrompt: string | undefined;
  private readonly excludeProblems: boolean;
  private readonly maxExampleTokens: number;
  /** content hash -> id of the first conversation with that content. */
  private readonly seen: Map<string, string> | null;

  constructor(options: PipelineOptions) {
    this.format = options.format;
    this.systemPrompt = normalizeSystemPrompt(options.systemPrompt);
    this.excludeProblems = options.excludeProblems ?? false;
    this.maxExampleTokens = options.maxExampleTokens ?? config.exports.maxExampleTokens;
    this.seen = options.detectDuplicates === false ? null : new Map();
  }

  process(conversation: ExportConversation): Decision {
    const { turns } = conversation;
    const problems = turnProblems(turns);
    const characters = (this.systemPrompt?.length ?? 0) + turns.reduce((sum, turn) => sum + turn.content.length, 0);
    const estimatedTokens = estimateTokens(characters);
    if (estimatedTokens > this.maxExampleTokens) {
      problems.push({
        kind: "too_large",
        message: `About ${estimatedTokens.toLocaleString("en-US")} tokens, over the limit of ${this.maxExampleTokens.toLocaleString("en-US")}.`,
      });
    }

    const mapped = mapConversation(this.format, turns, this.systemPrompt);
    if (!mapped.ok) {
      problems.push({ kind: mapped.kind, message: mapped.message });
      return { conversation, problems, line: null, turns: turns.length, estimatedTokens };
    }

    const line = JSON.stringify(mapped.example);
    if (this.seen) {
      const hash = contentHash(line);
      const first = this.seen.get(hash);
      if (first === undefined) this.seen.set(hash, conversation.id);
      else
        problems.push({ kind: "duplicate", message: "Same content as an earlier conversation.", duplicateOf: first });
    }
    const written = !this.excludeProblems || problems.length === 0;
    return { conversation, problems, line: written ? line : null, turns: turns.length, estimatedTokens };
  }
}

/** Examples written: count, turns per example (min/median/max from a histogram) and tokens. */
export class ExampleStats {
  count = 0;
  estimatedTokens = 0;
  /** turns -> examples with that many turns: memory grows with distinct lengths, not examples. */
  private readonly turnHistogram = new Map<number, number>();

  add(turns: number, estimatedTokens: number): void {
    this.count += 1;
    this.estimatedTokens += estimatedTokens;
    this.turnHistogram.set(turns, (this.turnHistogram.get(turns) ?? 0) + 1);
  }

  turnsPerExample(): { min: number; median: number; max: number } {
    if (this.count === 0) return { min: 0, median: 0, max: 0 };
    const lengths = [...this.turnHistogram.keys()].sort((a, b) => a - b);
    const at = (position: number): number => {
      let seen = 0;
      for (const length of lengths) {
        seen += this.turnHistogram.get(length) ?? 0;
        if (seen > position) return length;
      }
      return lengths.at(-1) ?? 0;
    };
    const middle = Math.floor(this.count / 2);
    const median = this.count % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
    return { min: lengths[0] ?? 0, median, max: lengths.at(-1) ?? 0 };
  }
}

/** Every problem counted; the first `max` kept for the report. */
export class ProblemList {
  total = 0;
  readonly listed: (ExportProblem & { duplicateOf?: string })[] = [];

  constructor(private readonly max: number = config.exports.maxListedProblems) {}

  add(conversation: Pick<ExportConversation, "id" | "title">, problems: readonly FoundProblem[]): void {
    for (const problem of problems) {
      this.total += 1;
      if (this.listed.length < this.max) {
        this.listed.push({
          kind: problem.kind,
          conversationId: conversation.id,
          title: conversation.title,
          message: problem.message,
          ...(problem.duplicateOf === undefined ? {} : { duplicateOf: problem.duplicateOf }),
        });
      }
    }
  }
}
