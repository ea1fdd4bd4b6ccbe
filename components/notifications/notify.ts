/**
 * The features' notification helpers (batches, backups, bulk deletes), on top of the
 * NotificationManager: every error goes through `notificationManager.showError`, so it gets the
 * right toast (rate-limit countdown, network Retry, field list, generation code), treatment and
 * de-duplication. A burst of failures on a 100-item batch updates one toast with a counter.
 */
import { notificationManager } from "@/components/notifications/notification-manager";

/** A batch-level outcome the user asked for (discarded, settings saved, finished). */
export function notifyBatchSuccess(title: string, description?: string): void {
  notificationManager.success(title, { description });
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
  notificationManager.success(title, {
    description,
    duration: UNDO_TOAST_DURATION_MS,
    action: { label: undoLabel, onClick: onUndo },
  });
}

export interface ActionErrorOptions {
  /** Offered as the toast's Retry where the error is worth retrying. */
  onRetry?: () => void;
}

/**
 * An action the user asked for failed (a backup, a delete, a restore): the title says what
 * did or did not happen, the message why, with the error id support needs.
 */
export function notifyActionError(
  title: string,
  error: unknown,
  subject?: string,
  options: ActionErrorOptions = {},
): void {
  // A one-off action is not retried for the user, so even a temporary failure carries the error id.
  notificationManager.showError(error, { title, subject, showErrorId: true, onRetry: options.onRetry });
}

/** An outcome the user asked for (restored from a backup, deleted without one). */
export function notifySuccess(title: string, description?: string): void {
  notificationManager.success(title, { description });
}
