/**
 * The one module that shows batch notifications through sonner's `toast`. Issue 5 replaces
 * this file with the NotificationManager; callers keep calling these functions.
 *
 * Error toasts share an id per kind of failure, so a burst of rate limits on a 100-item
 * batch updates one toast instead of stacking a hundred.
 */
import { toast } from "sonner";
import { categorizeError, getErrorTreatment, getUserMessage, toAppError } from "@/lib/errors";

export type BatchErrorKind = "rate_limit" | "network" | "generation";

export interface BatchErrorContext {
  /** The item or batch the failure belongs to, shown as the toast's description. */
  subject?: string;
  /** Set while the failed request is retried automatically ("retrying in 4 s"). */
  retryInMs?: number;
}

/** Which of the three batch toasts an error belongs to. */
export function batchErrorKind(error: unknown): BatchErrorKind {
  const category = categorizeError(error);
  if (category === "rate_limit") return "rate_limit";
  if (category === "network") return "network";
  return "generation";
}

const TITLE_BY_KIND: Record<BatchErrorKind, string> = {
  rate_limit: "Rate limit reached",
  network: "Connection problem",
  generation: "Generation failed",
};

function describe(error: unknown, context: BatchErrorContext): string {
  const appError = toAppError(error);
  const parts = [getUserMessage(appError)];
  if (context.retryInMs !== undefined) parts.push(`Retrying in ${Math.max(1, Math.round(context.retryInMs / 1000))} s.`);
  if (context.subject) parts.push(context.subject);
  // The id support needs to find the server log entry; never the raw provider text.
  if (appError.errorId && getErrorTreatment(appError) === "permanent") parts.push(`Error id: ${appError.errorId}`);
  return parts.join(" ");
}

/** A rate-limit, network or generation failure during a batch. */
export function notifyBatchError(error: unknown, context: BatchErrorContext = {}): void {
  const kind = batchErrorKind(error);
  const options = { id: `batch-error-${kind}`, description: describe(error, context) };
  if (getErrorTreatment(error) === "permanent") toast.error(TITLE_BY_KIND[kind], options);
  else toast.warning(TITLE_BY_KIND[kind], options);
}

/** A batch-level outcome the user asked for (discarded, settings saved, finished). */
export function notifyBatchSuccess(title: string, description?: string): void {
  toast.success(title, { description });
}

/** Something the user should know but need not act on. */
export function notifyBatchInfo(title: string, description?: string): void {
  toast.info(title, { description });
}
