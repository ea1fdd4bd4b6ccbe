/**
 * The wizard's form, as data: what the user typed -> the POST /api/batches body, checked
 * with the same createBatchSchema the route uses, with each problem pinned to the field
 * the user can fix (a topic's problem names its line or CSV row).
 */
import type { z } from "zod";
import { createBatchSchema, type CreateBatchInput } from "@/lib/batch/schemas";
import type { ProviderName } from "@/lib/generation/types";
import { parseTopicLines, type ParsedTopic } from "./parse-topics";

export interface CsvTopics {
  fileName: string;
  topics: ParsedTopic[];
  problems: string[];
}

export interface BatchFormValues {
  name: string;
  /** Where the topics come from: the textarea or an uploaded CSV. */
  source: "text" | "csv";
  topicsText: string;
  csv: CsvTopics | null;
  persona: string;
  emotion: string;
  /** As typed; empty leaves the generator's default. */
  turns: string;
  provider: ProviderName;
  model: string;
  temperature: string;
}

export type BatchFormField = "name" | "topics" | "persona" | "emotion" | "turns" | "provider" | "model" | "temperature";

export type BatchFormErrors = Partial<Record<BatchFormField, string>>;

/** Field order on the page: the first invalid one gets focus. */
export const FORM_FIELD_ORDER: readonly BatchFormField[] = [
  "name",
  "topics",
  "persona",
  "emotion",
  "turns",
  "provider",
  "model",
  "temperature",
];

export const EMPTY_FORM: BatchFormValues = {
  name: "",
  source: "text",
  topicsText: "",
  csv: null,
  persona: "",
  emotion: "",
  turns: "",
  provider: "offline",
  model: "",
  temperature: "",
};

export type FormResult =
  { ok: true; input: CreateBatchInput; topics: ParsedTopic[] } | { ok: false; errors: BatchFormErrors };

function numberOrRaw(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const parsed = Number(trimmed);
  // A non-number stays a string, so the schema names the field ("turns must be a number").
  return Number.isNaN(parsed) ? trimmed : parsed;
}

function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

export function selectedTopics(values: BatchFormValues): ParsedTopic[] {
  return values.source === "csv" ? (values.csv?.topics ?? []) : parseTopicLines(values.topicsText);
}

/** The request body before validation: form defaults, overridden per item by CSV columns. */
export function buildCandidate(values: BatchFormValues, topics: readonly ParsedTopic[]): Record<string, unknown> {
  const defaults = {
    persona: optionalText(values.persona),
    emotion: optionalText(values.emotion),
    turns: numberOrRaw(values.turns),
  };
  const items = topics.map(({ topic, parameters }) => {
    const merged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries({ ...defaults, ...parameters }))
      if (value !== undefined) merged[key] = value;
    return Object.keys(merged).length > 0 ? { topic, parameters: merged } : { topic };
  });
  const batchConfig: Record<string, unknown> = { provider: values.provider };
  // The offline generator has no models; a leftover value would only muddy "what changed".
  const model = values.provider === "offline" ? undefined : optionalText(values.model);
  if (model !== undefined) batchConfig.model = model;
  const temperature = numberOrRaw(values.temperature);
  if (temperature !== undefined) batchConfig.temperature = temperature;
  const candidate: Record<string, unknown> = { config: batchConfig, items };
  const name = optionalText(values.name);
  if (name !== undefined) candidate.name = name;
  return candidate;
}

function fieldFor(
  issue: z.core.$ZodIssue,
  topics: readonly ParsedTopic[],
  values: BatchFormValues,
): { field: BatchFormField; message: string } {
  const [head, index, group, key] = issue.path;
  if (head === "name") return { field: "name", message: issue.message };
  if (head === "config") {
    const configKey =
      typeof index === "string" && (["provider", "model", "temperature"] as const).find((k) => k === index);
    return { field: configKey || "provider", message: issue.message };
  }
  if (head === "items" && typeof index === "number") {
    const topic = topics[index];
    const where = values.source === "csv" ? `Row ${topic?.line ?? index + 1}` : `Line ${topic?.line ?? index + 1}`;
    if (group === "parameters" && (key === "persona" || key === "emotion" || key === "turns")) {
      // A value from the form applies to every item: report it once, at its own field.
      const fromRow = topic?.parameters[key] !== undefined;
      if (!fromRow) return { field: key, message: issue.message };
    }
    return { field: "topics", message: `${where}: ${issue.message}` };
  }
  if (head === "items") return { field: "topics", message: issue.message };
  return { field: "topics", message: issue.message };
}

export function validateBatchForm(values: BatchFormValues): FormResult {
  const topics = selectedTopics(values);
  const errors: BatchFormErrors = {};
  if (values.source === "csv" && !values.csv) errors.topics = "Choose a CSV file with one topic per row.";
  else if (topics.length === 0) {
    errors.topics = values.source === "csv" ? "The CSV file has no topics." : "Enter at least one topic, one per line.";
  } else if (values.source === "csv" && values.csv && values.csv.problems.length > 0) {
    errors.topics = values.csv.problems.slice(0, 3).join("; ");
  }

  const parsed = createBatchSchema.safeParse(buildCandidate(values, topics));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, message } = fieldFor(issue, topics, values);
      // The first problem per field is the one to fix first.
      errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data, topics };
}
