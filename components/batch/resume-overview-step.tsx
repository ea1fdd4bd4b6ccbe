"use client";

import { Play, RotateCcw, Settings2, Trash2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import type { BatchCheckpoint, IncompleteBatch } from "@/lib/batch/types";
import { formatCount } from "@/lib/format";
import { IncompleteBatchDetails } from "./incomplete-batch-details";
import { ResumeBatchPicker } from "./resume-batch-picker";
import type { ResumeDialogState } from "./use-resume-dialog";

interface ResumeOverviewStepProps {
  flow: ResumeDialogState;
  selected: IncompleteBatch;
  checkpoint: BatchCheckpoint | null;
}

/**
 * The resume dialog's first step: the batch (picked from a list when several need the user),
 * its counts and failures, and what can be done with it. A paused batch can be resumed,
 * changed first or discarded; a finished one only has its failed items to retry.
 */
export function ResumeOverviewStep({ flow, selected, checkpoint }: ResumeOverviewStepProps) {
  const paused = selected.reason === "paused";
  const working = flow.busy !== null;
  return (
    <>
      {flow.batches.length > 1 ? (
        <ResumeBatchPicker batches={flow.batches} selectedId={selected.jobId} onSelect={flow.select} />
      ) : null}

      <IncompleteBatchDetails batch={selected} checkpoint={checkpoint} />

      {flow.actionError && !flow.confirmOpen ? (
        <Alert variant="destructive" data-testid="resume-error">
          <AlertDescription>
            <p>{flow.actionError}</p>
          </AlertDescription>
        </Alert>
      ) : null}

      <DialogFooter className="sm:justify-between">
        <Button type="button" variant="ghost" onClick={flow.dismiss}>
          Later
        </Button>
        <div className="flex flex-col-reverse gap-2 sm:flex-row">
          {/* A finished batch (failed items only) has nothing left to discard. */}
          {selected.checkpointId !== null ? (
            <Button
              type="button"
              variant="outline"
              className="text-destructive"
              disabled={working}
              onClick={flow.askDiscard}
            >
              <Trash2 aria-hidden="true" />
              Discard…
            </Button>
          ) : null}
          {paused ? (
            <Button type="button" variant="outline" disabled={working} onClick={flow.openModify}>
              <Settings2 aria-hidden="true" />
              Modify settings
            </Button>
          ) : null}
          {paused ? (
            <Button type="button" onClick={() => void flow.resume()} disabled={working} data-testid="resume-selected">
              <Play aria-hidden="true" />
              {flow.busy === "resume" ? "Resuming…" : "Resume"}
            </Button>
          ) : (
            <Button
              type="button"
              onClick={() => void flow.retryFailed()}
              disabled={working}
              data-testid="retry-selected"
            >
              <RotateCcw aria-hidden="true" />
              {flow.busy === "retry"
                ? "Reopening…"
                : `Retry failed items (${formatCount(selected.exhaustedFailedItems)})`}
            </Button>
          )}
        </div>
      </DialogFooter>
    </>
  );
}
