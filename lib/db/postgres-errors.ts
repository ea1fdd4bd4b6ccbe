/**
 * Postgres failures (PGlite and postgres.js alike) classified into DatabaseError by
 * SQLSTATE, so callers decide "retry" versus "tell the user" without parsing driver text.
 *
 * The DatabaseError's message is generic on purpose: it may reach a user. The driver's
 * message, detail and SQL go into `context` (sanitized) for the logs only, and bound
 * parameter values are never copied at all.
 *
 * Plain (no server-only marker, no driver import): lib/errors' toAppError falls back to it
 * for a driver error that reached it unclassified, and that module is browser-safe.
 */
import { DatabaseError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { sanitizeString } from "@/lib/errors/sanitize";

interface Classification {
  code: ErrorCode;
  retryable: boolean;
  message: string;
}

const CONNECTION_LOST: Classification = {
  code: ErrorCode.DB_CONNECTION,
  retryable: true,
  message: "The database is unreachable right now.",
};

const QUERY_FAILED: Classification = {
  code: ErrorCode.DB_QUERY_FAILED,
  retryable: false,
  message: "The database could not complete the request.",
};

/**
 * Text the database cannot store: a NUL character (22021 in text, 22P05 as \u0000 in json)
 * or a broken character sequence (an unpaired surrogate). It came from the client, so it is
 * bad input (400), never a fault; route input is checked for it first (lib/http/route-input).
 */
const UNSTORABLE_TEXT: Classification = {
  code: ErrorCode.VAL_INVALID_INPUT,
  retryable: false,
  message:
    "The text contains a character that cannot be stored (a NUL character or broken Unicode). Remove it and try again.",
};

/** A date or time the database cannot represent (year 0, out of range): the client's input. */
const INVALID_DATETIME: Classification = {
  code: ErrorCode.VAL_INVALID_INPUT,
  retryable: false,
  message: "A date or time is outside what can be stored.",
};

const BY_SQLSTATE: Record<string, Classification> = {
  "22P05": UNSTORABLE_TEXT,
  "22021": UNSTORABLE_TEXT,
  "22007": INVALID_DATETIME,
  "22008": INVALID_DATETIME,
  "23505": {
    code: ErrorCode.DB_UNIQUE_VIOLATION,
    retryable: false,
    message: "A record with the same key already exists.",
  },
  "23503": {
    code: ErrorCode.DB_FOREIGN_KEY_VIOLATION,
    retryable: false,
    message: "The change conflicts with a related record.",
  },
  "23514": { code: ErrorCode.DB_CHECK_VIOLATION, retryable: false, message: "A value breaks a data rule." },
  "23502": { code: ErrorCode.DB_NOT_NULL_VIOLATION, retryable: false, message: "A required value is missing." },
  "40001": {
    code: ErrorCode.DB_SERIALIZATION_FAILURE,
    retryable: true,
    message: "The database was busy with a conflicting change.",
  },
  "40P01": {
    code: ErrorCode.DB_DEADLOCK,
    retryable: true,
    message: "The database was busy with a conflicting change.",
  },
  "55P03": { code: ErrorCode.DB_LOCKED, retryable: true, message: "The record is locked by another operation." },
  "57014": { code: ErrorCode.DB_TIMEOUT, retryable: true, message: "The database took too long to answer." },
  // Server going away or refusing new sessions: the next attempt may reach a healthy one.
  "57P01": CONNECTION_LOST,
  "57P02": CONNECTION_LOST,
  "57P03": CONNECTION_LOST,
  "53300": CONNECTION_LOST,
};

/** Socket-level and postgres.js connection codes (not SQLSTATEs). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** Five characters with at least one digit: every SQLSTATE has one, errno names ("EPIPE") do not. */
function isSqlStateCode(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && /[0-9]/.test(code);
}

type Bag = Record<string, unknown>;

function asBag(value: unknown): Bag | undefined {
  return value !== null && typeof value === "object" ? (value as Bag) : undefined;
}

function stringField(bag: Bag, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = bag[key];
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
}

/** The driver code of `err` or of the first error in its cause chain that has one. */
function findCodedError(err: unknown): Bag | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5; depth++) {
    const bag = asBag(current);
    if (!bag) return undefined;
    const code = stringField(bag, "code");
    if (code && (isSqlStateCode(code) || CONNECTION_CODES.has(code))) return bag;
    current = bag.cause;
  }
  return undefined;
}

function classify(code: string | undefined): Classification {
  if (!code) return QUERY_FAILED;
  if (CONNECTION_CODES.has(code) || code.startsWith("08")) return CONNECTION_LOST;
  return BY_SQLSTATE[code] ?? QUERY_FAILED;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * Constraint violations (SQLSTATE class 23) put the offending row's values in `detail`
 * ("Failing row contains (...)", "Key (title)=(...) already exists"): conversation text
 * that must not reach a log. The constraint's name says what broke.
 */
export function isConstraintViolationCode(code: string | undefined): boolean {
  return code !== undefined && code.startsWith("23") && isSqlStateCode(code);
}

/** Facts for the logs: what failed and where, sanitized, never the bound values. */
function logContext(source: Bag | undefined, original: unknown): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  const bag = source ?? asBag(original);
  if (!bag) {
    if (original !== undefined) context.driverMessage = truncate(sanitizeString(String(original)), 500);
    return context;
  }
  const put = (name: string, value: string | undefined, max = 500) => {
    if (value !== undefined) context[name] = truncate(sanitizeString(value), max);
  };
  put("driverError", stringField(bag, "name"), 80);
  put("driverMessage", stringField(bag, "message"));
  put("severity", stringField(bag, "severity"), 20);
  put("table", stringField(bag, "table", "table_name"), 128);
  put("column", stringField(bag, "column", "column_name"), 128);
  if (!isConstraintViolationCode(stringField(bag, "code"))) put("detail", stringField(bag, "detail"));
  put("hint", stringField(bag, "hint"));
  put("routine", stringField(bag, "routine"), 128);
  // postgres.js attaches the statement (non-enumerable); PGlite attaches `query`.
  put("query", stringField(bag, "query"), 1_000);
  return context;
}

/**
 * True for errors that come from a Postgres driver: a SQLSTATE code, postgres.js's own
 * connection codes or its PostgresError class. Socket errnos alone (ECONNREFUSED) are not
 * enough: a failed fetch to the AI provider carries them too.
 */
export function looksLikePostgresError(err: unknown): boolean {
  const bag = asBag(err);
  if (!bag) return false;
  const code = stringField(bag, "code");
  if (bag.name === "PostgresError") return true;
  return code !== undefined && (isSqlStateCode(code) || code.startsWith("CONNECTION_") || code === "CONNECT_TIMEOUT");
}

/**
 * Classifies any error thrown by a database call. Already-classified errors pass through,
 * so wrapping twice (a lib function inside a transaction) keeps the first verdict.
 */
export function classifyPostgresError(err: unknown): DatabaseError {
  if (err instanceof DatabaseError) return err;

  const coded = findCodedError(err);
  const code = coded ? stringField(coded, "code") : undefined;
  const classification = classify(code);
  const isSqlState = code !== undefined && isSqlStateCode(code);
  const constraint = coded ? stringField(coded, "constraint", "constraint_name") : undefined;

  const context = logContext(coded, err);
  if (code !== undefined) context[isSqlState ? "sqlState" : "driverCode"] = code;
  if (constraint !== undefined) context.constraint = constraint;

  return new DatabaseError(classification.code, classification.message, {
    isRecoverable: classification.retryable,
    sqlState: isSqlState ? code : undefined,
    constraint,
    context,
  });
}
