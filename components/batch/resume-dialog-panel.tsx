"use client";

/**
 * The resume dialog itself, loaded by ResumeDialog (resume-dialog.tsx) only when a batch
 * needs a person: a paused one (resume it, change its settings first, or discard it) or one
 * with items failed past the retry cap (retry them). Every action is one request; the
 * server then runs the batch, and the dialog opens its page to watch. Dismissing the dialog
 * keeps every batch; it only stops it reopening in this tab until a batch moves on.
 *
 * This file is the shell: useResumeDialog holds the state and requests, ResumeOverviewStep
 * and ModifySettingsForm are the two steps, DiscardBatchDialog the confirmation on top.
 */
import { useRouter } from "next/navigation";
import { History } from "lucide-react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { apiClient, type APIClient } from "@/lib/api";
import type { IncompleteBatch } from "@/lib/batch/types";
import { formatCount } from "@/lib/format";
import { batchLabel } from "./batch-label";
import { DiscardBatchDialog } from "./discard-batch-dialog";
import { ModifySettingsForm } from "./modify-settings-form";
import { ResumeOverviewStep } from "./resume-overview-step";
import { useCheckpointFailures } from "./use-checkpoint-failures";
import { useResumeDialog } from "./use-resume-dialog";

export interface ResumeDialogPanelProps {
  /** The batches that need a person (at least one), most recently active first. */
  batches: IncompleteBatch[];
  client?: APIClient;
  /** Where the dialog goes once the server resumed or reopened a batch; by default the batch's page. */
  onResume?: (batch: IncompleteBatch) => void;
}

export function ResumeDialogPanel({ batches: offered, client = apiClient, onResume }: ResumeDialogPanelProps) {
  const router = useRouter();
  const flow = useResumeDialog({
    offered,
    client,
    onResumed: (batch) => (onResume ? onResume(batch) : router.push(`/batches/${batch.jobId}`)),
  });
  const { selected } = flow;
  const checkpoint = useCheckpointFailures(client, selected, flow.open);

  if (!selected) return null;
  const heading = headingFor(flow.mode, selected, flow.batches.length);

  return (
    <Dialog open={flow.open} onOpenChange={(next) => (next ? undefined : flow.dismiss())}>
      <DialogContent size="wide" data-testid="resume-dialog">
        <DialogHeader>
          <DialogTitle>
            <History aria-hidden="true" className="text-warning" />
            {heading.title}
          </DialogTitle>
          <DialogDescription>{heading.description}</DialogDescription>
        </DialogHeader>

        {flow.mode === "modify" ? (
          <ModifySettingsForm
            key={selected.jobId}
            batch={selected}
            saving={flow.busy === "save"}
            error={flow.actionError}
            serverFieldErrors={flow.serverFieldErrors}
            onCancel={flow.closeModify}
            onSave={(config) => void flow.saveAndResume(config)}
          />
        ) : (
          <ResumeOverviewStep flow={flow} selected={selected} checkpoint={checkpoint} />
        )}
        {/* Nested inside the resume dialog: Escape closes only the confirmation. */}
        <DiscardBatchDialog
          batch={selected}
          open={flow.confirmOpen}
          onOpenChange={flow.setConfirmOpen}
          onConfirm={() => void flow.discard()}
          discarding={flow.busy === "discard"}
          error={flow.confirmOpen ? flow.actionError : null}
        />
      </DialogContent>
    </Dialog>
  );
}

/** What the dialog asks, by step and by how many batches need the user. */
function headingFor(
  mode: "overview" | "modify",
  selected: IncompleteBatch,
  count: number,
): { title: string; description: string } {
  if (mode === "modify") {
    return {
      title: `Modify settings of “${batchLabel(selected)}”`,
      description: "Change the settings, then resume. Finished conversations are kept as they are.",
    };
  }
  if (count > 1) {
    return {
      title: `${formatCount(count)} batches need you`,
      description: "Pick a batch. Every finished conversation is saved; nothing is generated twice.",
    };
  }
  if (selected.reason === "paused") {
    return {
      title: "Resume your paused batch?",
      description:
        "It is paused: no new items start until you resume it. Every finished conversation is saved; nothing is generated twice.",
    };
  }
  return {
    title: "Retry the failed items?",
    description:
      "Some items failed on every attempt. Every finished conversation is saved; a retry generates only the failed items.",
  };
}
