import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { createErrorId } from "@/lib/errors/classes";
import { sanitizeRecord, sanitizeString } from "@/lib/errors/sanitize";
import { ERROR_ID_PATTERN, type ErrorReportEntry } from "./schema";

export interface StoreErrorReportInput {
  db?: Queryable;
  /** Null when the reporter was not signed in. */
  userId: string | null;
  entries: readonly ErrorReportEntry[];
  /** Facts the server adds to every entry (e.g. the user agent). They win over the client's. */
  serverContext?: Record<string, unknown>;
  /** Largest stored context per entry, in UTF-8 bytes after sanitizing (default config). */
  maxContextBytes?: number;
}

const MAX_MESSAGE_LENGTH = 2_000;
const CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const KNOWN_FIELDS = new Set(["level", "message", "errorId", "code", "timestamp", "context"]);

/**
 * Context keys only the server writes. A client that sends them (in `context` or as extra
 * fields of an entry) is ignored: support must be able to trust where a row came from, for
 * whom and from which browser. The user is the row's user_id column (the verified sign-in),
 * the entry's id its error_id column.
 */
const SERVER_KEYS = new Set([
  "source",
  "userAgent",
  "userId",
  "user_id",
  "errorId",
  "error_id",
  "clientTimestamp",
  "reportedCode",
]);

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
      // The route's schema refuses a malformed id; the check here keeps direct callers honest too.
      // An entry without one still gets an id support can quote.
      entry.errorId !== undefined && ERROR_ID_PATTERN.test(entry.errorId) ? entry.errorId : createErrorId(),
      entry.level,
      entry.code !== undefined && CODE_PATTERN.test(entry.code) ? entry.code : null,
      truncate(sanitizeString(entry.message), MAX_MESSAGE_LENGTH) || "(no message)",
      JSON.stringify(
        rowContext(entry, input.serverContext ?? {}, input.maxContextBytes ?? config.errorReports.maxContextBytes),
      ),
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

function rowContext(
  entry: ErrorReportEntry,
  serverContext: Record<string, unknown>,
  maxBytes: number,
): Record<string, unknown> {
  const client: Record<string, unknown> = {};
  const take = (key: string, value: unknown) => {
    if (!SERVER_KEYS.has(key)) client[key] = value;
  };
  for (const [key, value] of Object.entries(entry.context ?? {})) take(key, value);
  for (const [key, value] of Object.entries(entry)) if (!KNOWN_FIELDS.has(key)) take(key, value);

  const server = sanitizeRecord({
    source: "browser",
    ...serverContext,
    ...(entry.timestamp === undefined ? {} : { clientTimestamp: entry.timestamp }),
    // Kept for support when it was not a well-formed code (the column only takes ERR_* codes).
    ...(entry.code !== undefined && !CODE_PATTERN.test(entry.code) ? { reportedCode: entry.code } : {}),
  });
  // Server facts are written last, so no client key of the same name can survive either.
  return capContext({ ...sanitizeRecord(client), ...server }, server, maxBytes);
}

function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  // Never cut a surrogate pair in half: the half would be an unstorable character.
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return `${value.slice(0, end)}…`;
}

const encoder = new TextEncoder();

function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

/** Strings longer than this are cut first when a context is over the cap. */
const SHORT_STRING = 256;

/**
 * The context as stored: whole when it fits in `maxBytes` (UTF-8 JSON, measured after
 * sanitizing), else cut down with `truncated` saying so, and always a valid JSON object.
 * First long strings are shortened (a stack trace loses its tail, keys stay); if that is
 * not enough, the client's part becomes a preview string of its JSON. Server facts stay.
 */
function capContext(
  context: Record<string, unknown>,
  server: Record<string, unknown>,
  maxBytes: number,
): Record<string, unknown> {
  const originalBytes = jsonBytes(context);
  if (originalBytes <= maxBytes) return context;

  const shortened = { ...(shortenStrings(context, SHORT_STRING) as Record<string, unknown>), ...server };
  const marked = { ...shortened, truncated: { originalBytes } };
  if (jsonBytes(marked) <= maxBytes) return marked;

  const base = { ...server, truncated: { originalBytes }, preview: "" };
  const budget = maxBytes - jsonBytes(base);
  if (budget < 16) return { ...server, truncated: { originalBytes } };
  return { ...base, preview: previewWithin(JSON.stringify(shortened), budget) };
}

/** A deep copy with every string over `max` characters shortened (depth is already capped by sanitize). */
function shortenStrings(value: unknown, max: number): unknown {
  if (typeof value === "string") return truncate(value, max);
  if (Array.isArray(value)) return value.map((item) => shortenStrings(item, max));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [truncate(key, max), shortenStrings(item, max)]),
    );
  }
  return value;
}

/** The longest prefix of `text` (plus "…") whose JSON string form fits in `budget` bytes. */
function previewWithin(text: string, budget: number): string {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(truncate(text, mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  return truncate(text, low);
}
