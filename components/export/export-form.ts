/**
 * The export dialog's fields as plain data: what the user typed, the checks it must pass, and
 * the ExportOptions the routes take. Kept apart from React so the rules read in one place.
 */
import type { ExportFormat, ExportOptions, ProblemKind } from "@/lib/export/types";

export const SYSTEM_PROMPT_MAX = 4_000;
export const SPLIT_PERCENT_MIN = 1;
export const SPLIT_PERCENT_MAX = 50;
export const DEFAULT_SPLIT_PERCENT = 10;
export const DEFAULT_SEED = 42;
const SEED_MAX = 2_147_483_647;

export interface ExportFormState {
  format: ExportFormat;
  systemPrompt: string;
  split: boolean;
  /** As typed: validated on Check. */
  percent: string;
  seed: string;
}

export const INITIAL_EXPORT_FORM: ExportFormState = {
  format: "messages",
  systemPrompt: "",
  split: false,
  percent: String(DEFAULT_SPLIT_PERCENT),
  seed: String(DEFAULT_SEED),
};

export type ExportFormErrors = Partial<Record<"systemPrompt" | "percent" | "seed", string>>;

export const FORMAT_CHOICES: readonly { value: ExportFormat; label: string; hint: string }[] = [
  {
    value: "messages",
    label: "Messages (chat JSONL)",
    hint: "Read by OpenAI, Together, Mistral, Hugging Face TRL and Axolotl's chat_template.",
  },
  {
    value: "sharegpt",
    label: "ShareGPT",
    hint: "Read by Axolotl, Unsloth and LLaMA-Factory (from / value turns).",
  },
  {
    value: "alpaca",
    label: "Alpaca",
    hint: "Single-turn instruction / output pairs for LLaMA-Factory and Unsloth; multi-turn conversations are skipped.",
  },
];

export const PROBLEM_LABELS: Record<ProblemKind, string> = {
  empty_turn: "Empty turn",
  roles_not_alternating: "Roles do not alternate",
  last_turn_not_assistant: "Last turn not from the assistant",
  duplicate: "Duplicate",
  too_large: "Too large",
  not_single_turn: "Multi-turn",
};

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

export function validateExportForm(form: ExportFormState): ExportFormErrors {
  const errors: ExportFormErrors = {};
  if (form.systemPrompt.length > SYSTEM_PROMPT_MAX) {
    errors.systemPrompt = `Keep the system prompt to ${SYSTEM_PROMPT_MAX.toLocaleString("en-US")} characters or fewer.`;
  }
  if (form.split) {
    const percent = wholeNumber(form.percent);
    if (percent === null || percent < SPLIT_PERCENT_MIN || percent > SPLIT_PERCENT_MAX) {
      errors.percent = `Enter a whole number from ${SPLIT_PERCENT_MIN} to ${SPLIT_PERCENT_MAX}.`;
    }
    const seed = wholeNumber(form.seed);
    if (seed === null || seed > SEED_MAX)
      errors.seed = "Enter a whole number (0 or more): the same seed gives the same split.";
  }
  return errors;
}

/** The options for a form that passed validateExportForm. */
export function toExportOptions(form: ExportFormState, excludeProblems: boolean): ExportOptions {
  const options: ExportOptions = { format: form.format, excludeProblems };
  const systemPrompt = form.systemPrompt.trim();
  if (systemPrompt !== "") options.systemPrompt = systemPrompt;
  if (form.split) {
    options.validationPercent = Number(form.percent.trim());
    options.seed = Number(form.seed.trim());
  }
  return options;
}
