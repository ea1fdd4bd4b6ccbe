/**
 * An AppError to show and log for anything thrown. toAppError wraps a plain Error in a new
 * AppError whose own stack points at the wrapping; the modal and the fingerprint need the
 * original frames, so they are carried over, along with extra context (boundary, digest).
 */
import { toAppError, type AppError } from "@/lib/errors";

export function toDisplayError(error: unknown, context?: Record<string, unknown>): AppError {
  const appError = toAppError(error);
  // The caller's own AppError is shown as it is: it already has its context, and we must not mutate it.
  if (appError === error) return appError;
  if (error instanceof Error && error.stack) appError.stack = error.stack;
  // A fresh wrapper nobody else holds: adding to its context changes no one else's error.
  if (context) Object.assign(appError.context, context);
  return appError;
}
