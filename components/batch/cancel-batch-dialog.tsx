"use client";

import * as React from "react";
import { Ban } from "lucide-react";
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

/** Narrow confirmation: the safe choice first and focused, the red Cancel batch last. */
export function CancelBatchDialog({ name, progress, open, onOpenChange, onConfirm, cancelling, error }: CancelBatchDialogProps) {
  const keepRef = React.useRef<HTMLButtonElement>(null);
  const left = progress.pendingItems + progress.failedItems;
  return (
    <Dialog open={open} onOpenChange={(next) => !cancelling && onOpenChange(next)}>
      <DialogContent
        data-testid="cancel-confirmation"
        onOpenAutoFocus={(event) => {
          // A destructive confirmation starts on the safe choice.
          event.preventDefault();
          keepRef.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>
            <Ban aria-hidden="true" className="text-destructive" />
            Cancel “{name}”?
          </DialogTitle>
          <DialogDescription>
            The {pluralize(progress.completedItems, "finished conversation")} stay in Conversations.{" "}
            {left > 0
              ? `The other ${formatCount(left)} items will never be generated, and the batch cannot be resumed.`
              : "The batch cannot be resumed."}
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
            <Button ref={keepRef} variant="outline" disabled={cancelling}>
              Keep batch
            </Button>
          </DialogClose>
          <Button variant="destructive" onClick={onConfirm} disabled={cancelling} data-testid="confirm-cancel">
            {cancelling ? "Cancelling…" : "Cancel batch"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
