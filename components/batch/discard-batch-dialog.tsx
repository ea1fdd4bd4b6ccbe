"use client";

import { Trash2 } from "lucide-react";
import { DestructiveConfirmDialog } from "@/components/ui/destructive-confirm-dialog";
import type { IncompleteBatch } from "@/lib/batch/types";
import { formatCount, pluralize } from "@/lib/format";
import { batchLabel } from "./batch-label";

interface DiscardBatchDialogProps {
  batch: Pick<IncompleteBatch, "name" | "progress"> | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  discarding: boolean;
  error: string | null;
}

/** The resume dialog's Discard: Cancel first and focused, the red Discard last. */
export function DiscardBatchDialog({
  batch,
  open,
  onOpenChange,
  onConfirm,
  discarding,
  error,
}: DiscardBatchDialogProps) {
  if (!batch) return null;
  const { completedItems, pendingItems, failedItems } = batch.progress;
  return (
    <DestructiveConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      onConfirm={onConfirm}
      busy={discarding}
      error={error}
      icon={Trash2}
      title={<>Discard “{batchLabel(batch)}”?</>}
      description={
        <>
          The {pluralize(completedItems, "finished conversation")} stay in Conversations.{" "}
          {pendingItems + failedItems > 0
            ? `The other ${formatCount(pendingItems + failedItems)} items will never be generated, and the batch can no longer be resumed.`
            : "The batch can no longer be resumed."}
        </>
      }
      safeLabel="Cancel"
      confirmLabel="Discard batch"
      busyLabel="Discarding…"
      testId="discard-confirmation"
      confirmTestId="confirm-discard"
    />
  );
}
