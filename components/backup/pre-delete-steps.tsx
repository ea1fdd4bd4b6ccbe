"use client";

/**
 * The bulk delete's four steps as views: each shows one step and reports the user's choice.
 * PreDeleteBackup (pre-delete-backup.tsx) picks the step; usePreDeleteBackup runs it. Each
 * step gets the dialog's Cancel as `cancel`, so it can be focused whichever step shows.
 */
import * as React from "react";
import { AlertTriangle, Download, Trash2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DateTime } from "@/components/ui/date-time";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { pluralize } from "@/lib/format";
import type { CreatedBackup } from "./backup-api";
import { BackupProgress } from "./backup-progress";
import { formatTimeLeft } from "./time-left";

interface StepProps {
  count: number;
  cancel: React.ReactNode;
}

export function ConfirmDeleteStep({
  count,
  cancel,
  withBackup,
  onWithBackupChange,
  onBackUp,
  onContinueWithoutBackup,
}: StepProps & {
  withBackup: boolean;
  onWithBackupChange: (on: boolean) => void;
  onBackUp: () => void;
  onContinueWithoutBackup: () => void;
}) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>
          <Trash2 aria-hidden="true" className="text-destructive" />
          Delete {pluralize(count, "conversation")}?
        </DialogTitle>
        <DialogDescription>
          Deleting removes {count === 1 ? "it" : "them"} and all {count === 1 ? "its" : "their"} turns from your list.
        </DialogDescription>
      </DialogHeader>
      <div className="flex items-start gap-3 rounded-lg border p-3">
        <Checkbox
          id="create-backup"
          checked={withBackup}
          onCheckedChange={(checked) => onWithBackupChange(checked === true)}
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
        {cancel}
        {withBackup ? (
          <Button onClick={onBackUp}>Back up and continue</Button>
        ) : (
          <Button variant="destructive" onClick={onContinueWithoutBackup}>
            Continue without backup
          </Button>
        )}
      </DialogFooter>
    </>
  );
}

export function ConfirmWithoutBackupStep({
  count,
  cancel,
  deleting,
  onDelete,
}: StepProps & { deleting: boolean; onDelete: () => void }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>
          <AlertTriangle aria-hidden="true" className="text-destructive" />
          Delete without a backup?
        </DialogTitle>
        <DialogDescription>
          {pluralize(count, "conversation")} and all their turns will be deleted for good. There will be nothing to
          download or restore.
        </DialogDescription>
      </DialogHeader>
      <DialogFooter>
        {cancel}
        <Button variant="destructive" onClick={onDelete} disabled={deleting}>
          <Trash2 aria-hidden="true" />
          {deleting ? "Deleting…" : "Delete without backup"}
        </Button>
      </DialogFooter>
    </>
  );
}

export function BackupRunningStep({ count, cancel }: StepProps) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Backing up {pluralize(count, "conversation")}</DialogTitle>
        <DialogDescription>Nothing is deleted until you confirm on the next step.</DialogDescription>
      </DialogHeader>
      <BackupProgress state={{ status: "running", conversationCount: count }} />
      <DialogFooter>{cancel}</DialogFooter>
    </>
  );
}

export function FinalDeleteStep({
  count,
  cancel,
  backup,
  readyAt,
  deleting,
  onDelete,
}: StepProps & { backup: CreatedBackup; readyAt: number; deleting: boolean; onDelete: () => void }) {
  const countLabel = pluralize(count, "conversation");
  return (
    <>
      <DialogHeader>
        <DialogTitle>
          <Trash2 aria-hidden="true" className="text-destructive" />
          Backup ready: delete {countLabel}?
        </DialogTitle>
        <DialogDescription>
          After the delete, Undo or the Backups page restores them from this backup.
        </DialogDescription>
      </DialogHeader>
      <BackupProgress
        state={{ status: "complete", conversationCount: backup.conversationCount, backupId: backup.backupId }}
      />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Backup</dt>
        <dd className="font-mono text-xs leading-5 break-all" data-testid="backup-id">
          {backup.backupId}
        </dd>
        <dt className="text-muted-foreground">Expires</dt>
        <dd data-testid="backup-expiry">
          <DateTime value={backup.expiresAt} /> ({formatTimeLeft(backup.expiresAt, readyAt)})
        </dd>
      </dl>
      <Button asChild variant="outline" size="sm" className="justify-self-start">
        <a href={backup.downloadUrl} download={`${backup.backupId}.json`}>
          <Download aria-hidden="true" />
          Download now
        </a>
      </Button>
      <DialogFooter>
        {cancel}
        <Button variant="destructive" onClick={onDelete} disabled={deleting}>
          <Trash2 aria-hidden="true" />
          {deleting ? "Deleting…" : `Delete ${countLabel}`}
        </Button>
      </DialogFooter>
    </>
  );
}
