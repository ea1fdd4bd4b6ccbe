import "server-only";
import { config } from "@/lib/config";
import { APIError, conflict, ValidationError, type FieldErrors } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import type { ImportLineError } from "@/lib/export/types";

/**
 * The import's 400: `details.lines` lists the first config.imports.maxLineErrors problems by
 * line (JSONL) or by conversation position (backup), `details.lineErrorCount` counts them all.
 */
export function lineErrors(
  lines: ImportLineError[],
  total: number,
  what: "line" | "conversation",
  fieldErrors?: FieldErrors,
): APIError {
  const listed = lines.slice(0, config.imports.maxLineErrors);
  const first = listed[0];
  const summary =
    first === undefined
      ? "The file has invalid fields"
      : `${what === "line" ? "Line" : "Conversation"} ${first.line}: ${first.message}`;
  const more = total > 1 ? ` (and ${total - 1} more problem${total === 2 ? "" : "s"})` : "";
  return new APIError(ErrorCode.VAL_INVALID_INPUT, `Nothing was imported. ${summary}${more}.`, {
    status: 400,
    details: { lines: listed, lineErrorCount: total, ...(fieldErrors ? { fieldErrors } : {}) },
  });
}

/** 413 naming the limit: the file (counted on the bytes read) or the number of conversations. */
export function fileTooLarge(maxBytes: number): APIError {
  return new APIError(
    ErrorCode.VAL_PAYLOAD_TOO_LARGE,
    `The file is too large: the limit is ${formatMb(maxBytes)} (${maxBytes.toLocaleString("en-US")} bytes). Nothing was imported.`,
    { status: 413, details: { limit: "imports.maxFileBytes", max: maxBytes } },
  );
}

export function tooManyConversations(max: number): APIError {
  return new APIError(
    ErrorCode.VAL_PAYLOAD_TOO_LARGE,
    `The file holds more than ${max.toLocaleString("en-US")} conversations, the limit per import. Split it into smaller files. Nothing was imported.`,
    { status: 413, details: { limit: "imports.maxConversations", max } },
  );
}

/** A whole-file problem that is not one line's: not JSON, no examples, wrong version. */
export function badFile(
  message: string,
  fieldErrors: FieldErrors = {},
  code: ErrorCode = ErrorCode.VAL_INVALID_INPUT,
): ValidationError {
  return new ValidationError(`${message} Nothing was imported.`, fieldErrors, { code });
}

/** 409: the file's bytes are not the ones recorded (or given) for it. */
export function checksumMismatch(what: string, expected: string, actual: string): Error {
  return conflict(
    `The file's SHA-256 (${actual}) does not match ${what} (${expected}): the file was changed or damaged. Nothing was imported.`,
  );
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
