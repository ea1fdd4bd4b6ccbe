"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { apiClient, type APIClient } from "@/lib/api";
import type { CreatedBackup, RestoreResult } from "./backup-api";
import { BackupRunningStep, ConfirmDeleteStep, ConfirmWithoutBackupStep, FinalDeleteStep } from "./pre-delete-steps";
import { usePreDeleteBackup } from "./use-pre-delete-backup";

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
export function PreDeleteBackup({ client = apiClient, ...options }: PreDeleteBackupProps) {
  const { open, conversationIds } = options;
  const flow = usePreDeleteBackup({ ...options, client });
  const { step, deleting } = flow;
  const cancelRef = React.useRef<HTMLButtonElement>(null);

  // Every step starts on the safe choice; the step's own buttons replace the ones that had focus.
  React.useEffect(() => {
    if (open) cancelRef.current?.focus();
  }, [open, step.kind]);

  const count = conversationIds.length;
  const cancel = (
    <Button ref={cancelRef} variant="outline" onClick={flow.close} disabled={deleting}>
      Cancel
    </Button>
  );

  return (
    <Dialog open={open} onOpenChange={flow.onDialogOpenChange}>
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
          <ConfirmDeleteStep
            count={count}
            cancel={cancel}
            withBackup={flow.withBackup}
            onWithBackupChange={flow.setWithBackup}
            onBackUp={flow.backUp}
            onContinueWithoutBackup={flow.confirmWithoutBackup}
          />
        )}
        {step.kind === "confirm-without-backup" && (
          <ConfirmWithoutBackupStep
            count={count}
            cancel={cancel}
            deleting={deleting}
            onDelete={() => flow.deleteConversations(null)}
          />
        )}
        {step.kind === "backup" && <BackupRunningStep count={count} cancel={cancel} />}
        {step.kind === "final" && (
          <FinalDeleteStep
            count={count}
            cancel={cancel}
            backup={step.backup}
            readyAt={step.readyAt}
            deleting={deleting}
            onDelete={() => flow.deleteConversations(step.backup)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
