import { AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

/*
 * The three ways a request fails authentication. Messages are shown to the user as-is;
 * the reason goes into context (logs only), so a forged token learns nothing about why.
 */

export function authRequired(): AppError {
  return new AppError(ErrorCode.AUTH_REQUIRED, "Sign in to continue.");
}

export function invalidToken(reason: string): AppError {
  return new AppError(ErrorCode.AUTH_INVALID_TOKEN, "Your sign-in is not valid. Sign in again.", {
    context: { reason },
  });
}

export function tokenExpired(): AppError {
  return new AppError(ErrorCode.AUTH_TOKEN_EXPIRED, "Your session has expired. Sign in again.", {
    isRecoverable: true,
  });
}

/** The Supabase Auth server could not be reached to verify a token (no local secret). */
export function authServiceUnavailable(cause: unknown): AppError {
  return new AppError(
    ErrorCode.API_SERVICE_UNAVAILABLE,
    "The sign-in service is not reachable right now. Try again in a moment.",
    { cause, isRecoverable: true },
  );
}

const AUTH_CODES = new Set<string>([
  ErrorCode.AUTH_REQUIRED,
  ErrorCode.AUTH_INVALID_TOKEN,
  ErrorCode.AUTH_TOKEN_EXPIRED,
]);

/** True for the errors that mean "not signed in" (as opposed to a fault while checking). */
export function isAuthFailure(error: unknown): error is AppError {
  return error instanceof AppError && AUTH_CODES.has(error.code);
}
