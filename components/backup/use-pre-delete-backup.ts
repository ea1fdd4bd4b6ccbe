"use client";

import * as React from "react";
import { notifyActionError, notifySuccess, notifySuccessWithUndo } from "@/components/notifications/notify";
import type { APIClient } from "@/lib/api";
import { ErrorCode, toAppError } from "@/lib/errors";
import { formatDateTime, pluralize } from "@/lib/format";
import {
  bulkDeleteConversations,
  createBackup,
  restoreBackup,
  type BulkDeleteAuthorisation,
  type CreatedBackup,
  type RestoreResult,
} from "./backup-api";
import { isUnconfirmed, networkRetry } from "./network-retry";

export type PreDeleteStep =
  | { kind: "confirm" }
  | { kind: "confirm-without-backup" }
  | { kind: "backup" }
  | { kind: "final"; backup: CreatedBackup; readyAt: number };

export interface UsePreDeleteBackupOptions {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  conversationIds: readonly string[];
  onDeleted?: (result: { deleted: number; backup: CreatedBackup | null }) => void;
  onRestored?: (result: RestoreResult) => void;
  client: APIClient;
}

export interface PreDeleteBackupState {
  step: PreDeleteStep;
  /** "Create backup before deleting", on by default. */
  withBackup: boolean;
  setWithBackup: (on: boolean) => void;
  /** The delete request is in flight: nothing may close the dialog. */
  deleting: boolean;
  /** Cancel: abandons a backup being written and closes. */
  close: () => void;
  /** The Dialog's onOpenChange (Escape, the close button). */
  onDialogOpenChange: (open: boolean) => void;
  /** "Back up and continue": the backup step, then the final confirmation. */
  backUp: () => void;
  /** "Continue without backup": asks once more before deleting. */
  confirmWithoutBackup: () => void;
  /** Deletes, covered by the backup or (null) explicitly without one. */
  deleteConversations: (backup: CreatedBackup | null) => void;
}

const CONFIRM: PreDeleteStep = { kind: "confirm" };

/**
 * The bulk delete's state machine and its requests: confirm -> backup -> final -> delete, or
 * confirm -> confirm-without-backup -> delete. Every failure is a toast; one caused by the
 * network closes the dialog and carries Retry, which repeats the same request (a failed
 * backup reopens the dialog at the backup step, since a final confirmation must follow it).
 */
/** A retry's 404 that names every selected conversation as missing: they are gone already. */
function allAlreadyGone(error: unknown): boolean {
  const details = (toAppError(error) as { details?: Record<string, unknown> }).details;
  return typeof details?.missing === "number" && details.missing > 0 && details.missing === details.selected;
}

export function usePreDeleteBackup({
  open,
  onOpenChange,
  conversationIds,
  onDeleted,
  onRestored,
  client,
}: UsePreDeleteBackupOptions): PreDeleteBackupState {
  const [step, setStep] = React.useState<PreDeleteStep>(CONFIRM);
  const [withBackup, setWithBackup] = React.useState(true);
  const [deleting, setDeleting] = React.useState(false);
  const backupAbort = React.useRef<AbortController | null>(null);

  // Each opening starts over at the first step with the backup on.
  const [wasOpen, setWasOpen] = React.useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setStep(CONFIRM);
      setWithBackup(true);
      setDeleting(false);
    }
  }

  React.useEffect(() => () => backupAbort.current?.abort(), []);

  function close() {
    // A backup still being written is abandoned: it deletes nothing and simply expires.
    backupAbort.current?.abort();
    backupAbort.current = null;
    onOpenChange(false);
  }

  function onDialogOpenChange(next: boolean) {
    if (next) onOpenChange(true);
    else if (!deleting) close();
  }

  async function backUp() {
    backupAbort.current?.abort();
    setStep({ kind: "backup" });
    const controller = new AbortController();
    backupAbort.current = controller;
    try {
      const backup = await createBackup(client, conversationIds, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setStep({ kind: "final", backup, readyAt: Date.now() });
    } catch (error) {
      if (controller.signal.aborted || toAppError(error).code === ErrorCode.NET_ABORTED) return;
      notifyActionError("Backup failed, so nothing was deleted", error, undefined, {
        onRetry: networkRetry(error, retryBackup),
      });
      close();
    } finally {
      if (backupAbort.current === controller) backupAbort.current = null;
    }
  }

  /** The failure closed the dialog: open it again straight at the backup step, not at the start. */
  function retryBackup() {
    // Marks this opening as seen, so the start-over above does not replace the backup step.
    setWasOpen(true);
    setWithBackup(true);
    setDeleting(false);
    onOpenChange(true);
    void backUp();
  }

  /** `afterLostAnswer`: an earlier attempt failed on the network, so it may have deleted them already. */
  async function deleteConversations(backup: CreatedBackup | null, afterLostAnswer = false) {
    setDeleting(true);
    const authorisation: BulkDeleteAuthorisation = backup
      ? { backupId: backup.backupId }
      : { confirmWithoutBackup: true };
    let deleted: number;
    try {
      ({ deleted } = await bulkDeleteConversations(client, conversationIds, authorisation));
    } catch (error) {
      setDeleting(false);
      if (afterLostAnswer && allAlreadyGone(error)) {
        // The first attempt went through; only its answer was lost.
        deleted = conversationIds.length;
      } else {
        const onRetry = networkRetry(error, () => void deleteConversations(backup, true));
        if (isUnconfirmed(error)) {
          // The request may have reached the server: do not say nothing was deleted.
          notifyActionError(
            "The delete could not be confirmed",
            error,
            backup
              ? `The connection dropped. Backup ${backup.backupId} keeps the conversations either way.`
              : "The connection dropped. Reload the list to see what is left.",
            { onRetry },
          );
          // Reaching the toast's Retry needs no modal in front of it.
          close();
        } else {
          // A refusal keeps the dialog, where the user can read the backup's details and cancel.
          notifyActionError("Nothing was deleted", error, undefined, { onRetry });
        }
        return;
      }
    }
    setDeleting(false);
    onOpenChange(false);
    onDeleted?.({ deleted, backup });
    if (backup) announceDeletedWithUndo(deleted, backup);
    else notifySuccess(`Deleted ${pluralize(deleted, "conversation")}`, "No backup was made.");
  }

  function announceDeletedWithUndo(deleted: number, backup: CreatedBackup) {
    notifySuccessWithUndo(`Deleted ${pluralize(deleted, "conversation")}`, {
      description: `Backup ${backup.backupId} keeps them until ${formatDateTime(backup.expiresAt)}.`,
      onUndo: () => void undo(backup),
    });
  }

  async function undo(backup: CreatedBackup) {
    try {
      const result = await restoreBackup(client, backup.backupId);
      notifySuccess(
        `Restored ${pluralize(result.restored, "conversation")}`,
        result.skipped > 0
          ? `${pluralize(result.skipped, "conversation")} already existed and stayed as they were.`
          : undefined,
      );
      onRestored?.(result);
    } catch (error) {
      notifyActionError(
        "Undo failed: nothing was restored",
        error,
        `Backup ${backup.backupId} is still listed on the Backups page.`,
        {
          onRetry: networkRetry(error, () => void undo(backup)),
        },
      );
    }
  }

  return {
    step,
    withBackup,
    setWithBackup,
    deleting,
    close,
    onDialogOpenChange,
    backUp: () => void backUp(),
    confirmWithoutBackup: () => setStep({ kind: "confirm-without-backup" }),
    deleteConversations: (backup) => void deleteConversations(backup),
  };
}
