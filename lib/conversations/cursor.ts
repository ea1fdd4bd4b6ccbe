import "server-only";
import { ValidationError } from "@/lib/errors/classes";
import { isUuid } from "@/lib/uuid";

/*
 * The list cursor: the (created_at, id) of the last row of a page, as opaque base64url
 * JSON. created_at is kept as Postgres wrote it, to the microsecond: a millisecond JS
 * Date would land between rows created in the same millisecond and skip or repeat them.
 */

export interface CursorPosition {
  /** created_at in UTC with microseconds, e.g. 2026-01-02T03:04:05.123456Z. */
  createdAt: string;
  id: string;
}

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** Real cursors are ~90 characters; anything far longer is not one of ours. */
const MAX_CURSOR_LENGTH = 256;

/** The SQL expression that renders created_at in the cursor's format (UTC, microseconds). */
export const CURSOR_TIMESTAMP_SQL = `to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt, i: position.id }), "utf8").toString("base64url");
}

/** Decodes a cursor from the query string; anything we did not write is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalidCursor();
  const { t, i } = parsed as { t?: unknown; i?: unknown };
  if (typeof t !== "string" || !isUuid(i) || !isRealTimestamp(t)) {
    throw invalidCursor();
  }
  return { createdAt: t, id: i.toLowerCase() };
}

/**
 * Rejects well-formed but impossible dates before Postgres would fail on them (a 500):
 * 2026-02-30, and year 0000, which JS accepts but Postgres does not (there is no year 0 AD).
 */
function isRealTimestamp(value: string): boolean {
  if (!TIMESTAMP_PATTERN.test(value)) return false;
  const date = new Date(`${value.slice(0, 23)}Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.getUTCFullYear() >= 1 &&
    date.toISOString().slice(0, 19) === value.slice(0, 19)
  );
}

function invalidCursor(): ValidationError {
  return new ValidationError("The cursor is not valid. Start again from the first page.", {
    cursor: ["is not a cursor returned by this list"],
  });
}
