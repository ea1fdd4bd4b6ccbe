/**
 * Opens the details modal for a failed batch item. The item carries the classified error the
 * server saved (batch_items.last_error), not a thrown Error, so it is rebuilt as the AppError
 * it was: same code, id and time, and no client stack (a stack made here would point at this
 * file, not at where the item failed; the error id finds the real one in the server log).
 */
import { AppError, ErrorCode, GenerationError } from "@/lib/errors";
import type { BatchItem } from "@/lib/batch/types";
import { openErrorDetails } from "./error-details-store";

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function isErrorCode(code: string): code is ErrorCode {
  return KNOWN_CODES.has(code);
}

export function itemErrorToAppError(item: Pick<BatchItem, "lastError" | "attempts" | "maxAttempts">): AppError {
  const saved = item.lastError;
  const code = saved && isErrorCode(saved.code) ? saved.code : ErrorCode.UNKNOWN;
  const options = {
    errorId: saved?.errorId,
    timestamp: saved?.at,
    isRecoverable: saved?.retryable ?? false,
    userMessage: saved?.message,
    context: { attempts: item.attempts, maxAttempts: item.maxAttempts, retryAfter: saved?.retryAfter },
  };
  const message = saved?.message ?? "The item failed without a recorded error.";
  const error = code.startsWith("ERR_GEN_")
    ? new GenerationError(code, message, { ...options, retryAfter: saved?.retryAfter })
    : new AppError(code, message, options);
  error.stack = "";
  return error;
}

export function openItemErrorDetails(
  batchId: string,
  item: Pick<BatchItem, "id" | "index" | "lastError" | "attempts" | "maxAttempts">,
): void {
  openErrorDetails(itemErrorToAppError(item), { batchId, itemId: item.id, subject: `Batch item ${item.index + 1}` });
}
