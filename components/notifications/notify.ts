/**
 * The one module that shows notifications (batches, backups, bulk deletes) through sonner's `toast`. Issue 5 replaces
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

/** Long enough to read the backup's name and reach Undo by keyboard; hovering pauses it too. */
export const UNDO_TOAST_DURATION_MS = 20_000;

export interface UndoOptions {
  description?: string;
  /** Runs when the user presses the toast's Undo button. */
  onUndo: () => void;
  undoLabel?: string;
}

/** A completed destructive action the user can still reverse (a bulk delete with its backup). */
export function notifySuccessWithUndo(title: string, { description, onUndo, undoLabel = "Undo" }: UndoOptions): void {
  toast.success(title, {
    description,
    duration: UNDO_TOAST_DURATION_MS,
    action: { label: undoLabel, onClick: onUndo },
  });
}

/**
 * An action the user asked for failed (a backup, a delete, a restore): the title says what
 * did or did not happen, the description why, with the error id for permanent failures.
 */
export function notifyActionError(title: string, error: unknown, subject?: string): void {
  const appError = toAppError(error);
  const parts = [getUserMessage(appError)];
  if (subject) parts.push(subject);
  // A one-off action is not retried for the user, so even a temporary failure carries the id support needs.
  if (appError.errorId) parts.push(`Error id: ${appError.errorId}`);
  toast.error(title, { description: parts.join(" ") });
}

/** An outcome the user asked for (restored from a backup, deleted without one). */
export function notifySuccess(title: string, description?: string): void {
  toast.success(title, { description });
}
