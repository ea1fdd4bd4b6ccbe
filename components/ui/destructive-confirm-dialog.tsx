"use client";

import * as React from "react";
import type { LucideIcon } from "lucide-react";
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

export interface DestructiveConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  /** While the action runs: both buttons are disabled and the dialog stays open. */
  busy: boolean;
  error: string | null;
  icon: LucideIcon;
  title: React.ReactNode;
  description: React.ReactNode;
  /** The safe choice, first and focused ("Cancel", "Keep batch"). */
  safeLabel: string;
  confirmLabel: string;
  busyLabel: string;
  testId?: string;
  confirmTestId?: string;
}

/**
 * A narrow confirmation of something that cannot be undone: the safe choice first and
 * focused when it opens, the red action last, an inline error when the action failed.
 */
export function DestructiveConfirmDialog({
  open,
  onOpenChange,
  onConfirm,
  busy,
  error,
  icon: Icon,
  title,
  description,
  safeLabel,
  confirmLabel,
  busyLabel,
  testId,
  confirmTestId,
}: DestructiveConfirmDialogProps) {
  const safeRef = React.useRef<HTMLButtonElement>(null);
  return (
    <Dialog open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <DialogContent
        data-testid={testId}
        onOpenAutoFocus={(event) => {
          // A destructive confirmation starts on the safe choice.
          event.preventDefault();
          safeRef.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>
            <Icon aria-hidden="true" className="text-destructive" />
            {title}
          </DialogTitle>
          <DialogDescription>{description}</DialogDescription>
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
            <Button ref={safeRef} variant="outline" disabled={busy}>
              {safeLabel}
            </Button>
          </DialogClose>
          <Button variant="destructive" onClick={onConfirm} disabled={busy} data-testid={confirmTestId}>
            {busy ? busyLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
