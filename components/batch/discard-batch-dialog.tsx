"use client";

import * as React from "react";
import { Trash2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
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

/** Its own confirmation: Cancel first and focused, the red Discard last. */
export function DiscardBatchDialog({ batch, open, onOpenChange, onConfirm, discarding, error }: DiscardBatchDialogProps) {
  const cancelRef = React.useRef<HTMLButtonElement>(null);
  if (!batch) return null;
  const { completedItems, pendingItems, failedItems } = batch.progress;
  return (
    <Dialog open={open} onOpenChange={(next) => !discarding && onOpenChange(next)}>
      <DialogContent
        data-testid="discard-confirmation"
        onOpenAutoFocus={(event) => {
          // A destructive confirmation starts on the safe choice.
          event.preventDefault();
          cancelRef.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>
            <Trash2 aria-hidden="true" className="text-destructive" />
            Discard “{batchLabel(batch)}”?
          </DialogTitle>
          <DialogDescription>
            The {pluralize(completedItems, "finished conversation")} stay in Conversations.{" "}
            {pendingItems + failedItems > 0
              ? `The other ${formatCount(pendingItems + failedItems)} items will never be generated, and the batch can no longer be resumed.`
              : "The batch can no longer be resumed."}
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>
              <p>{error}</p>
            </AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button ref={cancelRef} variant="outline" disabled={discarding}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant="destructive" onClick={onConfirm} disabled={discarding} data-testid="confirm-discard">
            {discarding ? "Discarding…" : "Discard batch"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
