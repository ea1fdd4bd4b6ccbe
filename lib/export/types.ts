/**
 * Fine-tuning exports and imports: the shapes shared by the routes, the CLI and the browser
 * dialogs (issue 10). Types and constants only, browser-safe.
 */

/** `messages`: OpenAI / Together / Mistral / TRL / Axolotl chat; `sharegpt`; `alpaca` (single-turn only). */
export const EXPORT_FORMATS = ["messages", "sharegpt", "alpaca"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which conversations: a selection (1..1000 ids), one batch, or all of the user's. */
export type ExportSelection = { kind: "ids"; ids: string[] } | { kind: "batch"; batchId: string } | { kind: "all" };

export interface ExportOptions {
  format: ExportFormat;
  /** Added as the first (system) message of every example; at most 4,000 characters. */
  systemPrompt?: string;
  /** Percentage of examples for validation (0 = no split: one .jsonl). 1..50 when set. */
  validationPercent?: number;
  /** Same seed, same split. Default 42. */
  seed?: number;
  /** Leave out the conversations the pre-flight check found a problem in. */
  excludeProblems?: boolean;
}

/** What POST /api/exports/preview and POST /api/exports take. */
export interface ExportRequest {
  selection: ExportSelection;
  options: ExportOptions;
}

export const PROBLEM_KINDS = [
  "empty_turn",
  "roles_not_alternating",
  "last_turn_not_assistant",
  "duplicate",
  "too_large",
  /** alpaca only: a multi-turn conversation cannot be one instruction/output pair. */
  "not_single_turn",
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface ExportProblem {
  kind: ProblemKind;
  conversationId: string;
  title: string;
  /** A sentence for the user, e.g. "Turn 3 is empty." or "Same content as <title>". */
  message: string;
}

/** POST /api/exports/preview -> 200: the pre-flight report. */
export interface ExportPreview {
  /** Conversations selected. */
  conversations: number;
  /** Examples that would be written (problems excluded when asked, alpaca skips left out). */
  examples: number;
  turnsPerExample: { min: number; median: number; max: number };
  /** Rough token count of what would be written (characters / 4). */
  estimatedTokens: number;
  /** Every problem found (at most 500 listed; `problemCount` is the total). */
  problems: ExportProblem[];
  problemCount: number;
  /** With a split: how many examples go to each file. */
  split: { train: number; validation: number } | null;
}

/** POST /api/exports -> 201: a download prepared for an hour. */
export interface CreatedExport {
  exportId: string;
  /** GET this (a plain link works): `/api/exports/<exportId>/download`. */
  downloadUrl: string;
  /** `<name>.jsonl`, or `<name>.zip` with train.jsonl, validation.jsonl and README.md. */
  fileName: string;
  expiresAt: string;
}

/** POST /api/imports?format=backup|messages|sharegpt -> 200 */
export interface ImportResult {
  format: "backup" | "messages" | "sharegpt";
  /** Conversations written (new for JSONL; missing ones restored with their ids for a backup). */
  imported: number;
  /** Conversations already there (backup import is idempotent). */
  skipped: number;
}

/** The 400 of an import names the line (JSONL) or the conversation (backup) that is wrong. */
export interface ImportLineError {
  line: number;
  message: string;
}
