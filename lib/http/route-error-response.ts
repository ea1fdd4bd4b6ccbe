import "server-only";
import { APIError, AppError, DatabaseError, ValidationError, createErrorId } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { errorLogger } from "@/lib/errors";
import { USER_MESSAGES } from "@/lib/errors/user-messages";

/** The error shape of the HTTP contract (README.md, "HTTP API"): every error carries an errorId. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; errorId: string };
}

/** When a 429 does not say how long to wait, clients still need a number to back off by. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Responses carry the user's own data or errors: never let a shared cache keep them. */
export const NO_STORE_HEADERS = { "Cache-Control": "no-store" } as const;

/**
 * Maps anything a route threw to the HTTP error shape. Client errors (4xx) say what to
 * fix; faults (5xx) get a fixed sentence per code. Every answer carries an errorId and is
 * logged server-side (sanitized) under it, so the id a user reads off a toast finds the
 * entry. Stacks, SQL and provider text stay in logs.
 */
export function errorToResponse(error: unknown, request?: Request): Response {
  const appError = error instanceof AppError ? error : undefined;
  const status = appError ? statusFor(appError) : 500;

  if (!appError || status >= 500) {
    const code = appError && appError.httpStatus >= 500 ? appError.code : faultCode(appError);
    const errorId = logErrorResponse(error, status, request);
    return errorJson(status, { code, message: USER_MESSAGES[code], errorId });
  }

  const errorId = logErrorResponse(appError, status, request);

  const headers = new Headers(NO_STORE_HEADERS);
  let details: Record<string, unknown> | undefined;
  if (appError instanceof ValidationError) details = { fieldErrors: appError.fieldErrors };
  if (status === 429) {
    const retryAfter = retryAfterSeconds(appError);
    headers.set("Retry-After", String(retryAfter));
    // Our own limits (lib/limits/rate-limit) name themselves in details.limit.
    details = { ...details, ...(appError instanceof APIError ? appError.details : undefined), retryAfter };
  } else if (appError instanceof APIError && appError.details) {
    // A quota (403) names the limit it hit, like a rate limit does.
    details = { ...details, ...appError.details };
  }
  return errorJson(status, { code: appError.code, message: appError.getUserMessage(), details, errorId }, headers);
}

/**
 * Logs an error that is answered with `status` and returns the errorId the answer carries:
 * the AppError's own id when it has one. Faults (5xx) are logged at error; a client's
 * mistake (4xx) at warn, since nothing is broken, but still under its id.
 */
export function logErrorResponse(error: unknown, status: number, request?: Request): string {
  const errorId = (error instanceof AppError && error.errorId) || createErrorId();
  const context: Record<string, unknown> = {
    errorId,
    status,
    method: request?.method,
    path: request ? new URL(request.url).pathname : undefined,
  };
  if (status >= 500) errorLogger.error(error, context);
  else errorLogger.warn(error, { ...context, code: error instanceof AppError ? error.code : undefined });
  return errorId;
}

/**
 * The client closed the connection before the answer (a cancelled upload, a closed tab):
 * whatever the route threw while reading or writing, nothing failed on our side. Logged at
 * info under its id; the 499 answer reaches nobody, but every handler returns a Response.
 */
export function clientClosedResponse(error: unknown, request: Request): Response {
  const errorId = createErrorId();
  errorLogger.info("The client closed the connection before the answer", {
    errorId,
    method: request.method,
    path: new URL(request.url).pathname,
    cause: error instanceof Error ? error.message : String(error),
  });
  return errorJson(499, { code: ErrorCode.NET_ABORTED, message: USER_MESSAGES[ErrorCode.NET_ABORTED], errorId });
}

/**
 * A DatabaseError that escaped its lib function is a fault, whatever its SQLSTATE says,
 * except text the database cannot store (NUL, broken Unicode: SQLSTATE 22P05 / 22021),
 * which is the client's input and a 400 wherever it is caught.
 */
function statusFor(error: AppError): number {
  if (error instanceof DatabaseError) {
    if (error.code === ErrorCode.VAL_INVALID_INPUT) return 400;
    return error.httpStatus >= 500 ? error.httpStatus : 500;
  }
  return error.httpStatus;
}

function faultCode(error: AppError | undefined): ErrorCode {
  return error instanceof DatabaseError ? ErrorCode.DB_QUERY_FAILED : ErrorCode.INTERNAL;
}

function retryAfterSeconds(error: AppError): number {
  const value = (error as { retryAfter?: unknown }).retryAfter;
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? Math.ceil(value)
    : DEFAULT_RETRY_AFTER_SECONDS;
}

function errorJson(
  status: number,
  body: ErrorBody["error"],
  headers: Headers = new Headers(NO_STORE_HEADERS),
): Response {
  const error: ErrorBody["error"] = { code: body.code, message: body.message, errorId: body.errorId };
  // No "details": undefined key in the JSON.
  if (body.details !== undefined) error.details = body.details;
  return Response.json({ error } satisfies ErrorBody, { status, headers });
}
