import { exchangeOf } from "@/lib/api";
import { categorizeError, isRetryable, toAppError } from "@/lib/errors";

/**
 * The toast's Retry for a failed backup, delete or restore: offered only when the request
 * never got an answer (offline, timeout, reset), where trying again can help. A refusal
 * (expired backup, 409) would fail the same way, an abort was the user's own doing, and an
 * answer whose body broke off means the server already did the work.
 */
export function networkRetry(error: unknown, retry: () => void): (() => void) | undefined {
  if (categorizeError(error) !== "network" || !isRetryable(error)) return undefined;
  return exchangeOf(toAppError(error)).response ? undefined : retry;
}

/** A network failure: the request may have reached the server and done its work before the answer was lost. */
export function isUnconfirmed(error: unknown): boolean {
  return categorizeError(error) === "network";
}
