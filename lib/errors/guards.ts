/**
 * Type guards for the error family. `instanceof` fails for errors that crossed a realm (a
 * second copy of this module in another bundle, a worker) or were serialized to JSON, so
 * each guard falls back to the shape: a known class `name` plus a known `code`.
 *
 * Because a structural match may be a plain object, the guards narrow to the data shape
 * (`...Like`), not to the class: call `toAppError(err)` when you need the methods.
 */
import {
  APIError,
  AppError,
  DatabaseError,
  GenerationError,
  NetworkError,
  ValidationError,
  type FieldErrors,
} from "./classes";
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

export interface APIErrorLike extends AppErrorLike {
  status: number;
  retryAfter?: number;
  details?: Record<string, unknown>;
}

export type NetworkErrorLike = AppErrorLike;

export interface ValidationErrorLike extends AppErrorLike {
  fieldErrors?: FieldErrors;
}

export interface GenerationErrorLike extends AppErrorLike {
  provider?: string;
  retryAfter?: number;
  shouldRetry?: boolean;
}

export interface DatabaseErrorLike extends AppErrorLike {
  sqlState?: string;
  constraint?: string;
}

export const APP_ERROR_NAMES = [
  "AppError",
  "APIError",
  "NetworkError",
  "ValidationError",
  "GenerationError",
  "DatabaseError",
] as const;

type AppErrorName = (typeof APP_ERROR_NAMES)[number];

const NAMES = new Set<string>(APP_ERROR_NAMES);

function hasShape(value: unknown, names: ReadonlySet<string> | AppErrorName): value is AppErrorLike {
  if (value === null || typeof value !== "object") return false;
  const candidate = value as Record<string, unknown>;
  const name = candidate.name;
  if (typeof name !== "string" || typeof candidate.message !== "string" || !isErrorCode(candidate.code)) return false;
  return typeof names === "string" ? name === names : names.has(name);
}

export function isAppError(value: unknown): value is AppErrorLike {
  return value instanceof AppError || hasShape(value, NAMES);
}

export function isAPIError(value: unknown): value is APIErrorLike {
  return (
    value instanceof APIError ||
    (hasShape(value, "APIError") && typeof (value as unknown as Record<string, unknown>).status === "number")
  );
}

export function isNetworkError(value: unknown): value is NetworkErrorLike {
  return value instanceof NetworkError || hasShape(value, "NetworkError");
}

export function isValidationError(value: unknown): value is ValidationErrorLike {
  return value instanceof ValidationError || hasShape(value, "ValidationError");
}

export function isGenerationError(value: unknown): value is GenerationErrorLike {
  return value instanceof GenerationError || hasShape(value, "GenerationError");
}

export function isDatabaseError(value: unknown): value is DatabaseErrorLike {
  return value instanceof DatabaseError || hasShape(value, "DatabaseError");
}
