/**
 * Which kind of file the user picked, from its name and its first line: a backup (.json, one
 * object with `version` / `backupId`) or JSONL, and for JSONL which of the two line shapes.
 */
import type { ImportResult } from "@/lib/export/types";

export type ImportFormat = ImportResult["format"];
export type JsonlFormat = Exclude<ImportFormat, "backup">;

export type DetectedFormat =
  { kind: "backup" } | { kind: "jsonl"; suggested: JsonlFormat } | { kind: "unknown"; reason: string };

/** Enough of the file to read its first line (a backup's first line may be the whole file). */
export const DETECT_BYTES = 64 * 1024;

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function jsonlShape(line: Record<string, unknown>): JsonlFormat | null {
  if (Array.isArray(line.messages)) return "messages";
  const first = Array.isArray(line.conversations) ? asObject(line.conversations[0]) : null;
  if (first && ("from" in first || "value" in first)) return "sharegpt";
  return null;
}

export function detectImportFormat(fileName: string, head: string): DetectedFormat {
  const name = fileName.toLowerCase();
  const firstLine =
    head
      .replace(/^\uFEFF/, "")
      .trimStart()
      .split(/\r?\n/, 1)[0] ?? "";
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = asObject(JSON.parse(firstLine));
  } catch {
    // A pretty-printed backup's first line is "{"; a JSONL file's first line parses alone.
  }
  if (parsed && ("backupId" in parsed || "version" in parsed)) return { kind: "backup" };
  const shape = parsed ? jsonlShape(parsed) : null;
  if (shape) return { kind: "jsonl", suggested: shape };
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return { kind: "jsonl", suggested: "messages" };
  if (name.endsWith(".json")) return { kind: "backup" };
  return { kind: "unknown", reason: "Choose a backup (.json) or a JSONL file (.jsonl)." };
}

export function contentTypeFor(format: ImportFormat): string {
  return format === "backup" ? "application/json" : "application/x-ndjson";
}
