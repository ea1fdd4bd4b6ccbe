"use client";

import * as React from "react";
import { Download, FileDown, Loader2 } from "lucide-react";
import { notifySuccess } from "@/components/notifications/notify";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { apiClient, type APIClient } from "@/lib/api";
import type { CreatedExport, ExportSelection } from "@/lib/export/types";
import { startDownload } from "./export-api";
import { ExportOptionsStep } from "./export-options-step";
import { ExportReviewStep } from "./export-review-step";
import { useExport } from "./use-export";

export interface ExportDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it: Radix gives focus back to it on close. */
  trigger?: React.ReactElement;
  selection: ExportSelection;
  /** What is being exported, in words: "3 selected conversations", "all your conversations". */
  subject: string;
  client?: APIClient;
  /** How the prepared file reaches the user; a temporary download link by default. */
  download?: (url: string, fileName: string) => void;
}

/**
 * Fine-tuning export: choose the format, a system prompt and a split -> Check (the server's
 * pre-flight report, problems and all) -> Download. Nothing is prepared until Download.
 */
export function ExportDialog({ open, onOpenChange, trigger, ...props }: ExportDialogProps) {
  // The content mounts on each opening, so every opening starts over with the defaults.
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      {open ? <ExportDialogContent onClose={() => onOpenChange(false)} {...props} /> : null}
    </Dialog>
  );
}

function ExportDialogContent({
  selection,
  subject,
  client = apiClient,
  download = startDownload,
  onClose,
}: Omit<ExportDialogProps, "open" | "onOpenChange" | "trigger"> & { onClose: () => void }) {
  const state = useExport(client, selection);
  const { form, step, busy, preview } = state;
  const formRef = React.useRef<HTMLFormElement>(null);
  const reviewHeadingRef = React.useRef<HTMLHeadingElement>(null);

  // A new step replaces the buttons that had focus: move to the step's heading, not the page.
  const previousStep = React.useRef(step);
  React.useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    if (step === "review") reviewHeadingRef.current?.focus();
    else formRef.current?.querySelector<HTMLInputElement>("input[name='export-format']:checked")?.focus();
  }, [step]);

  async function onCheck(event: React.FormEvent) {
    event.preventDefault();
    const valid = await state.check();
    if (!valid) {
      // The first wrong field takes focus; its message is read with it (aria-describedby).
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
    }
  }

  async function onDownload() {
    const created: CreatedExport | null = await state.download();
    if (!created) return;
    download(created.downloadUrl, created.fileName);
    notifySuccess(
      `Downloading ${created.fileName}`,
      "The link works for an hour if you need it again from this browser.",
    );
    onClose();
  }

  const checking = busy === "checking";
  const downloading = busy === "downloading";

  return (
    <DialogContent
      size="wide"
      data-testid="export-dialog"
      data-step={step}
      // While the file is being prepared the dialog stays: its answer is the download.
      onEscapeKeyDown={(event) => (downloading ? event.preventDefault() : undefined)}
      onInteractOutside={(event) => (downloading ? event.preventDefault() : undefined)}
    >
      <DialogHeader>
        <DialogTitle>
          <FileDown aria-hidden="true" />
          Export for fine-tuning
        </DialogTitle>
        <DialogDescription>Exports {subject} as JSONL that training tools load as they are.</DialogDescription>
      </DialogHeader>

      {step === "options" ? (
        <form ref={formRef} id="export-form" onSubmit={(event) => void onCheck(event)} noValidate>
          <ExportOptionsStep form={form} errors={state.errors} disabled={checking} onChange={state.update} />
        </form>
      ) : preview ? (
        <div className="grid gap-3">
          <h3 ref={reviewHeadingRef} tabIndex={-1} className="text-sm font-medium outline-none">
            Pre-flight check
          </h3>
          <ExportReviewStep
            preview={preview}
            format={form.format}
            excludeProblems={state.excludeProblems}
            checking={checking}
            disabled={checking || downloading}
            onExcludeProblemsChange={(exclude) => void state.setExcludeProblems(exclude)}
          />
        </div>
      ) : null}

      {state.failure ? (
        <Alert variant="destructive" data-testid="export-failure">
          <AlertDescription>{state.failure}</AlertDescription>
        </Alert>
      ) : null}
      <p role="status" aria-live="polite" className="sr-only">
        {checking ? "Checking the conversations…" : downloading ? "Preparing the file…" : ""}
      </p>

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onClose} disabled={downloading}>
          Cancel
        </Button>
        {step === "options" ? (
          <Button type="submit" form="export-form" disabled={checking}>
            {checking ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            {checking ? "Checking…" : "Check"}
          </Button>
        ) : (
          <>
            <Button type="button" variant="outline" onClick={state.back} disabled={downloading}>
              Back
            </Button>
            <Button
              type="button"
              onClick={() => void onDownload()}
              disabled={checking || downloading || !preview || preview.examples === 0}
            >
              {downloading ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Download aria-hidden="true" />}
              {downloading ? "Preparing…" : "Download"}
            </Button>
          </>
        )}
      </DialogFooter>
    </DialogContent>
  );
}
