/**
 * Reports an error the user was shown (a toast, an error boundary's fallback) to the server
 * log: through the ErrorLogger, whose browser destination POSTs to /api/errors. The entry
 * carries the error's own id, the one the toast and the details modal show: the server's id
 * for an API error (its own log has the same id), a client-made one otherwise.
 *
 * Once per error id, whichever surface shows it first: a toast and a boundary showing the
 * same error, or React re-running an effect, make one report.
 */
import { categorizeError, errorLogger, type AppError, type ErrorCategory } from "@/lib/errors";
import { exchangeOf } from "@/lib/api/error-exchange";

export type ShownIn = "toast" | "boundary";

export interface ReportShownErrorOptions {
  shownIn: ShownIn;
  /** Default: see defaultLevel. */
  level?: "warn" | "error";
  /** Added to the entry's context (the boundary, the toast's title). */
  context?: Record<string, unknown>;
}

/** Returns whether a report was made (false for a repeat or a failed report itself). */
export type ShownErrorReporter = (error: AppError, options: ReportShownErrorOptions) => boolean;

export type LogShownError = (level: "warn" | "error", error: AppError, context: Record<string, unknown>) => void;

/** The route the reports go to: its own failures are never reported (each report would fail the same way). */
const ERROR_REPORTS_PATH = "/api/errors";
/** Ids remembered for the once-only rule; the oldest are forgotten first. */
const MAX_REMEMBERED_IDS = 500;

/**
 * The connection's or the caller's doing (a dropped network, a field left empty, a rate
 * limit), not a fault of the app: the server logs its 4xx at warn too.
 */
const WARN_CATEGORIES = new Set<ErrorCategory>([
  "network",
  "validation",
  "auth",
  "not_found",
  "conflict",
  "rate_limit",
]);

function defaultLevel(error: AppError): "warn" | "error" {
  return WARN_CATEGORIES.has(categorizeError(error)) ? "warn" : "error";
}

const logToErrorLogger: LogShownError = (level, error, context) => {
  if (level === "warn") errorLogger.warn(error, context);
  else errorLogger.error(error, context);
};

function isErrorReportCall(error: AppError): boolean {
  const path = exchangeOf(error).request?.url.split("?")[0];
  return path === ERROR_REPORTS_PATH || path?.startsWith(`${ERROR_REPORTS_PATH}/`) === true;
}

export function createShownErrorReporter(log: LogShownError = logToErrorLogger): ShownErrorReporter {
  const reported = new Set<string>();
  return (error, options) => {
    if (reported.has(error.errorId) || isErrorReportCall(error)) return false;
    reported.add(error.errorId);
    if (reported.size > MAX_REMEMBERED_IDS) reported.delete(reported.values().next().value as string);
    const level = options.level ?? defaultLevel(error);
    try {
      log(level, error, { shownIn: options.shownIn, ...options.context });
    } catch {
      // Showing the error matters more than reporting it; the logger is not supposed to throw anyway.
    }
    return true;
  };
}

/** The app's one reporter: its memory of reported ids is shared by every toast and boundary. */
export const reportShownError: ShownErrorReporter = createShownErrorReporter();
