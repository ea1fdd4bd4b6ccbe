import { FORMAT_LABELS } from "./formats";
import type { ResolvedExportOptions } from "./schemas";

/*
 * The README.md of a split export (a Hugging Face style dataset card, in plain Markdown):
 * format, counts per file, how the split was made, where the examples came from, and when.
 */

export interface CardSource {
  /** null: conversations that belong to no batch. */
  batchId: string | null;
  batchName: string | null;
  providers: string[];
  models: string[];
  train: number;
  validation: number;
}

export interface DatasetCardInput {
  name: string;
  generatedAt: Date;
  options: ResolvedExportOptions;
  counts: { train: number; validation: number };
  problems: { found: number; excluded: boolean };
  sources: CardSource[];
}

/** Text inside a Markdown table cell: no pipes or line breaks. */
function cell(text: string): string {
  return (
    text
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
      .replace(/[\r\n]+/g, " ")
      .trim() || "-"
  );
}

const LOADERS: Record<ResolvedExportOptions["format"], string> = {
  messages: "OpenAI, Together and Mistral fine-tuning, Hugging Face TRL (SFTTrainer), Axolotl (`type: chat_template`)",
  sharegpt:
    "Axolotl (`type: chat_template` with ShareGPT field mapping), LLaMA-Factory (`formatting: sharegpt`), Unsloth",
  alpaca: "LLaMA-Factory (`formatting: alpaca`), Axolotl (`type: alpaca`), Unsloth",
};

export function renderDatasetCard(input: DatasetCardInput): string {
  const { options, counts } = input;
  const total = counts.train + counts.validation;
  const lines: string[] = [
    `# ${input.name}`,
    "",
    `Fine-tuning dataset exported from Training Data Studio on ${input.generatedAt.toISOString().slice(0, 10)} (${input.generatedAt.toISOString()}).`,
    "",
    "## Format",
    "",
    `${FORMAT_LABELS[options.format]}: one JSON object per line.`,
    `Loaded as is by: ${LOADERS[options.format]}.`,
    options.systemPrompt === undefined
      ? "No system prompt was added."
      : `Every example starts with this system prompt (${options.systemPrompt.length} characters):`,
  ];
  if (options.systemPrompt !== undefined) {
    lines.push("", ...options.systemPrompt.split(/\r?\n/).map((line) => `> ${line}`));
  }
  lines.push(
    "",
    "## Files",
    "",
    "| File | Examples |",
    "| --- | ---: |",
    `| train.jsonl | ${counts.train} |`,
    `| validation.jsonl | ${counts.validation} |`,
    `| total | ${total} |`,
    "",
    "## Split",
    "",
    `Validation: ${options.validationPercent}% of the examples, seed ${options.seed}. The split is stratified by batch ` +
      "(each batch gives its share, sizes by largest remainder; conversations without a batch form one group) and " +
      `chosen by the order of md5("<seed>:<conversation id>") inside each batch, so the same seed over the same ` +
      "conversations gives the same split. No conversation is in both files.",
    "",
    "## Sources",
    "",
    "| Batch | Generator / provider | Model | Train | Validation |",
    "| --- | --- | --- | ---: | ---: |",
  );
  const sources = [...input.sources].sort((a, b) => (a.batchName ?? "\uffff").localeCompare(b.batchName ?? "\uffff"));
  for (const source of sources) {
    const batch =
      source.batchId === null ? "(no batch)" : `${source.batchName ?? "(deleted batch)"} (${source.batchId})`;
    lines.push(
      `| ${cell(batch)} | ${cell(source.providers.join(", ") || "unknown")} | ${cell(source.models.join(", ") || "default")} | ${source.train} | ${source.validation} |`,
    );
  }
  lines.push(
    "",
    "## Pre-flight check",
    "",
    input.problems.found === 0
      ? "No problems were found (empty turns, roles that do not alternate, a last turn not from the assistant, duplicates, examples over the size limit)."
      : input.problems.excluded
        ? `${input.problems.found} problem(s) were found; the conversations they are in were left out.`
        : `${input.problems.found} problem(s) were found and kept in the files (the export was made without excluding them)` +
          (options.format === "alpaca" ? ", except multi-turn conversations, which Alpaca cannot hold." : "."),
    "",
  );
  return lines.join("\n");
}
