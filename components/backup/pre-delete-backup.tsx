"use client";

import * as React from "react";
import { AlertTriangle, Download, Trash2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DateTime } from "@/components/ui/date-time";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { notifyActionError, notifySuccess, notifySuccessWithUndo } from "@/components/notifications/notify";
import { apiClient, type APIClient } from "@/lib/api";
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
import { BackupProgress } from "./backup-progress";
import { formatTimeLeft } from "./time-left";

type Step =
  | { kind: "confirm" }
  | { kind: "confirm-without-backup" }
  | { kind: "backup" }
  | { kind: "final"; backup: CreatedBackup; readyAt: number };

export interface PreDeleteBackupProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  conversationIds: readonly string[];
  /** After the server deleted them: clear the selection, refresh the list. */
  onDeleted?: (result: { deleted: number; backup: CreatedBackup | null }) => void;
  /** After Undo restored them from the backup: refresh the list. */
  onRestored?: (result: RestoreResult) => void;
  client?: APIClient;
}

/**
 * The bulk delete's three steps: Confirm (with "Create backup before deleting" on by default)
 * -> Backup (the server's snapshot; indeterminate while it runs) -> Final confirmation (the
 * backup's id, expiry and download) -> delete with that backup id, which the server checks
 * again before deleting anything. Cancel or Escape at any step before the delete deletes nothing.
 */
export function PreDeleteBackup({
  open,
  onOpenChange,
  conversationIds,
  onDeleted,
  onRestored,
  client = apiClient,
}: PreDeleteBackupProps) {
  const [step, setStep] = React.useState<Step>({ kind: "confirm" });
  const [withBackup, setWithBackup] = React.useState(true);
  const [deleting, setDeleting] = React.useState(false);
  const cancelRef = React.useRef<HTMLButtonElement>(null);
  const backupAbort = React.useRef<AbortController | null>(null);

  // Each opening starts over at the first step with the backup on.
  const [wasOpen, setWasOpen] = React.useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setStep({ kind: "confirm" });
      setWithBackup(true);
      setDeleting(false);
    }
  }

  // Every step starts on the safe choice; the step's own buttons replace the ones that had focus.
  React.useEffect(() => {
    if (open) cancelRef.current?.focus();
  }, [open, step.kind]);

  React.useEffect(() => () => backupAbort.current?.abort(), []);

  const count = conversationIds.length;
  const countLabel = pluralize(count, "conversation");

  function close() {
    // A backup still being written is abandoned: it deletes nothing and simply expires.
    backupAbort.current?.abort();
    backupAbort.current = null;
    onOpenChange(false);
  }

  function handleOpenChange(next: boolean) {
    if (next) onOpenChange(true);
    else if (!deleting) close();
  }

  async function runBackup() {
    setStep({ kind: "backup" });
    const controller = new AbortController();
    backupAbort.current = controller;
    try {
      const backup = await createBackup(client, conversationIds, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setStep({ kind: "final", backup, readyAt: Date.now() });
    } catch (error) {
      if (controller.signal.aborted || toAppError(error).code === ErrorCode.NET_ABORTED) return;
      notifyActionError("Backup failed, so nothing was deleted", error);
      close();
    } finally {
      if (backupAbort.current === controller) backupAbort.current = null;
    }
  }

  async function runDelete(backup: CreatedBackup | null) {
    setDeleting(true);
    const authorisation: BulkDeleteAuthorisation = backup ? { backupId: backup.backupId } : { confirmWithoutBackup: true };
    let deleted: number;
    try {
      ({ deleted } = await bulkDeleteConversations(client, conversationIds, authorisation));
    } catch (error) {
      setDeleting(false);
      notifyActionError("Nothing was deleted", error);
      return;
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
        result.skipped > 0 ? `${pluralize(result.skipped, "conversation")} already existed and stayed as they were.` : undefined,
      );
      onRestored?.(result);
    } catch (error) {
      notifyActionError("Undo failed: nothing was restored", error, `Backup ${backup.backupId} is still listed on the Backups page.`);
    }
  }

  const cancelButton = (
    <Button ref={cancelRef} variant="outline" onClick={close} disabled={deleting}>
      Cancel
    </Button>
  );

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent
        data-testid="pre-delete-backup"
        data-step={step.kind}
        onOpenAutoFocus={(event) => {
          // A destructive confirmation starts on the safe choice.
          event.preventDefault();
          cancelRef.current?.focus();
        }}
      >
        {step.kind === "confirm" && (
          <>
            <DialogHeader>
              <DialogTitle>
                <Trash2 aria-hidden="true" className="text-destructive" />
                Delete {countLabel}?
              </DialogTitle>
              <DialogDescription>Deleting removes {count === 1 ? "it" : "them"} and all {count === 1 ? "its" : "their"} turns from your list.</DialogDescription>
            </DialogHeader>
            <div className="flex items-start gap-3 rounded-lg border p-3">
              <Checkbox
                id="create-backup"
                checked={withBackup}
                onCheckedChange={(checked) => setWithBackup(checked === true)}
                aria-describedby="create-backup-hint"
                className="mt-0.5"
              />
              <div className="space-y-1">
                <label htmlFor="create-backup" className="cursor-pointer text-sm font-medium leading-none">
                  Create backup before deleting
                </label>
                <p id="create-backup-hint" className="text-sm text-muted-foreground">
                  You can download the backup, or restore from it on the Backups page, until it expires.
                </p>
              </div>
            </div>
            {!withBackup && (
              <Alert variant="warning">
                <AlertTriangle aria-hidden="true" />
                <AlertDescription>Without a backup, deleted conversations cannot be recovered.</AlertDescription>
              </Alert>
            )}
            <DialogFooter>
              {cancelButton}
              {withBackup ? (
                <Button onClick={() => void runBackup()}>Back up and continue</Button>
              ) : (
                <Button variant="destructive" onClick={() => setStep({ kind: "confirm-without-backup" })}>
                  Continue without backup
                </Button>
              )}
            </DialogFooter>
          </>
        )}

        {step.kind === "confirm-without-backup" && (
          <>
            <DialogHeader>
              <DialogTitle>
                <AlertTriangle aria-hidden="true" className="text-destructive" />
                Delete without a backup?
              </DialogTitle>
              <DialogDescription>
                {countLabel} and all their turns will be deleted for good. There will be nothing to download or restore.
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              {cancelButton}
              <Button variant="destructive" onClick={() => void runDelete(null)} disabled={deleting}>
                <Trash2 aria-hidden="true" />
                {deleting ? "Deleting…" : "Delete without backup"}
              </Button>
            </DialogFooter>
          </>
        )}

        {step.kind === "backup" && (
          <>
            <DialogHeader>
              <DialogTitle>Backing up {countLabel}</DialogTitle>
              <DialogDescription>Nothing is deleted until you confirm on the next step.</DialogDescription>
            </DialogHeader>
            <BackupProgress state={{ status: "running", conversationCount: count }} />
            <DialogFooter>{cancelButton}</DialogFooter>
          </>
        )}

        {step.kind === "final" && (
          <>
            <DialogHeader>
              <DialogTitle>
                <Trash2 aria-hidden="true" className="text-destructive" />
                Backup ready: delete {countLabel}?
              </DialogTitle>
              <DialogDescription>After the delete, Undo or the Backups page restores them from this backup.</DialogDescription>
            </DialogHeader>
            <BackupProgress state={{ status: "complete", conversationCount: step.backup.conversationCount, backupId: step.backup.backupId }} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Backup</dt>
              <dd className="font-mono text-xs leading-5 break-all" data-testid="backup-id">
                {step.backup.backupId}
              </dd>
              <dt className="text-muted-foreground">Expires</dt>
              <dd data-testid="backup-expiry">
                <DateTime value={step.backup.expiresAt} /> ({formatTimeLeft(step.backup.expiresAt, step.readyAt)})
              </dd>
            </dl>
            <Button asChild variant="outline" size="sm" className="justify-self-start">
              <a href={step.backup.downloadUrl} download={`${step.backup.backupId}.json`}>
                <Download aria-hidden="true" />
                Download now
              </a>
            </Button>
            <DialogFooter>
              {cancelButton}
              <Button variant="destructive" onClick={() => void runDelete(step.backup)} disabled={deleting}>
                <Trash2 aria-hidden="true" />
                {deleting ? "Deleting…" : `Delete ${countLabel}`}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
