"use client";

import { Ban } from "lucide-react";
import { DestructiveConfirmDialog } from "@/components/ui/destructive-confirm-dialog";
import type { BatchProgress } from "@/lib/batch/types";
import { formatCount, pluralize } from "@/lib/format";

interface CancelBatchDialogProps {
  name: string;
  progress: Pick<BatchProgress, "completedItems" | "failedItems" | "pendingItems">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  cancelling: boolean;
  error: string | null;
}

/** The batch page's Cancel: the safe choice first and focused, the red Cancel batch last. */
export function CancelBatchDialog({
  name,
  progress,
  open,
  onOpenChange,
  onConfirm,
  cancelling,
  error,
}: CancelBatchDialogProps) {
  const left = progress.pendingItems + progress.failedItems;
  return (
    <DestructiveConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      onConfirm={onConfirm}
      busy={cancelling}
      error={error}
      icon={Ban}
      title={<>Cancel “{name}”?</>}
      description={
        <>
          The {pluralize(progress.completedItems, "finished conversation")} stay in Conversations.{" "}
          {left > 0
            ? `The other ${formatCount(left)} items will never be generated, and the batch cannot be resumed.`
            : "The batch cannot be resumed."}
        </>
      }
      safeLabel="Keep batch"
      confirmLabel="Cancel batch"
      busyLabel="Cancelling…"
      testId="cancel-confirmation"
      confirmTestId="confirm-cancel"
    />
  );
}
