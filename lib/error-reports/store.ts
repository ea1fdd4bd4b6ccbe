import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { createErrorId } from "@/lib/errors/classes";
import { sanitizeRecord, sanitizeString } from "@/lib/errors/sanitize";
import type { ErrorReportEntry } from "./schema";

export interface StoreErrorReportInput {
  db?: Queryable;
  /** Null when the reporter was not signed in. */
  userId: string | null;
  entries: readonly ErrorReportEntry[];
  /** Facts the server adds to every entry (e.g. the user agent). */
  serverContext?: Record<string, unknown>;
}

const MAX_MESSAGE_LENGTH = 2_000;
const ERROR_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const KNOWN_FIELDS = new Set(["level", "message", "errorId", "code", "timestamp", "context"]);

/**
 * Stores a browser error report in error_logs. Everything is sanitized again here: the
 * browser is supposed to have done it, but a report is untrusted input like any other.
 */
export async function storeErrorReport(input: StoreErrorReportInput): Promise<number> {
  if (input.entries.length === 0) return 0;
  const columns = 6;
  const params: unknown[] = [];
  const tuples = input.entries.map((entry, index) => {
    params.push(
      input.userId,
      entry.errorId && ERROR_ID_PATTERN.test(entry.errorId) ? entry.errorId : createErrorId(),
      entry.level,
      entry.code !== undefined && CODE_PATTERN.test(entry.code) ? entry.code : null,
      truncate(sanitizeString(entry.message), MAX_MESSAGE_LENGTH) || "(no message)",
      JSON.stringify(rowContext(entry, input.serverContext)),
    );
    const base = index * columns;
    return `($${base + 1}::uuid, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}::jsonb)`;
  });
  const db = input.db ?? (await getDb());
  await db.query(
    `insert into public.error_logs (user_id, error_id, level, code, message, context) values ${tuples.join(", ")}`,
    params,
  );
  return input.entries.length;
}

function rowContext(entry: ErrorReportEntry, serverContext: Record<string, unknown> = {}): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (!KNOWN_FIELDS.has(key)) extra[key] = value;
  return sanitizeRecord({
    source: "browser",
    ...serverContext,
    ...(entry.timestamp === undefined ? {} : { clientTimestamp: entry.timestamp }),
    // Kept for support when it was not a well-formed code (the column only takes ERR_* codes).
    ...(entry.code !== undefined && !CODE_PATTERN.test(entry.code) ? { reportedCode: entry.code } : {}),
    ...(entry.context ?? {}),
    ...extra,
  });
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
