/** The questions every caller asks of a failure: what kind, worth retrying, how the UI treats it. */
import { APIError, GenerationError } from "./classes";
import { CATEGORY_BY_CODE, RETRYABLE_BY_CODE, type ErrorCategory } from "./code-traits";
import { isRetryableHttpAnswer } from "./http-status";
import { toAppError } from "./to-app-error";

/** How the notification layer presents an error (toast colour, persistence, actions). */
export type ErrorTreatment = "temporary" | "permanent" | "action_required";

export function categorizeError(err: unknown): ErrorCategory {
  return CATEGORY_BY_CODE[toAppError(err).code];
}

/** Whether repeating the same operation later can succeed (drives automatic retries). */
export function isRetryable(err: unknown): boolean {
  const error = toAppError(err);
  if (error instanceof APIError) return isRetryableHttpAnswer(error.status, error.code);
  // The provider's own word (x-should-retry) beats what its code usually means.
  if (error instanceof GenerationError && error.shouldRetry !== undefined) return error.shouldRetry;
  return RETRYABLE_BY_CODE[error.code];
}

/**
 * temporary: will likely pass on its own (retry, wait); action_required: the user must
 * wait out or change something we can name (rate limits); permanent: retrying the same
 * thing will fail again.
 */
export function getErrorTreatment(err: unknown): ErrorTreatment {
  const error = toAppError(err);
  if (CATEGORY_BY_CODE[error.code] === "rate_limit") return "action_required";
  return isRetryable(error) ? "temporary" : "permanent";
}
