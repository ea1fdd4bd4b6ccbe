import { categorizeError, isRetryable } from "@/lib/errors";

/**
 * The toast's Retry for a failed backup, delete or restore: offered only when the request
 * never got an answer (offline, timeout, reset), where trying again can help. A refusal
 * (expired backup, 409) would fail the same way, and an abort was the user's own doing.
 */
export function networkRetry(error: unknown, retry: () => void): (() => void) | undefined {
  return categorizeError(error) === "network" && isRetryable(error) ? retry : undefined;
}
