/**
 * The error family's type guard. `instanceof` fails for errors that crossed a realm (a
 * second copy of this module in another bundle, a worker) or were serialized to JSON, so
 * the guard falls back to the shape: a known class `name` plus a known `code`.
 *
 * Because a structural match may be a plain object, it narrows to the data shape
 * (`AppErrorLike`), not to the class: call `toAppError(err)` when you need the methods.
 * Code that needs one subclass checks `instanceof` after `toAppError`.
 */
import { AppError } from "./classes";
import { isErrorCode, type ErrorCode } from "./codes";

export interface AppErrorLike {
  name: string;
  code: ErrorCode;
  message: string;
  isRecoverable?: boolean;
  errorId?: string;
  timestamp?: string;
  context?: Record<string, unknown>;
  userMessage?: string;
}

const APP_ERROR_NAMES = new Set([
  "AppError",
  "APIError",
  "NetworkError",
  "ValidationError",
  "GenerationError",
  "DatabaseError",
]);

function hasShape(value: unknown): value is AppErrorLike {
  if (value === null || typeof value !== "object") return false;
  const candidate = value as Record<string, unknown>;
  const name = candidate.name;
  if (typeof name !== "string" || typeof candidate.message !== "string" || !isErrorCode(candidate.code)) return false;
  return APP_ERROR_NAMES.has(name);
}

export function isAppError(value: unknown): value is AppErrorLike {
  return value instanceof AppError || hasShape(value);
}
