"use client";

/**
 * The resume dialog itself, loaded by ResumeDialog (resume-dialog.tsx) only when a batch
 * needs a person: a paused one (resume it, change its settings first, or discard it) or one
 * with items failed past the retry cap (retry them). Every action is one request; the
 * server then runs the batch, and the dialog opens its page to watch. Dismissing the dialog
 * keeps every batch; it only stops it reopening in this tab until a batch moves on.
 */
import * as React from "react";
import { useRouter } from "next/navigation";
import { History, Play, RotateCcw, Settings2, Trash2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { apiClient, type APIClient } from "@/lib/api";
import type { BatchConfigInput } from "@/lib/batch/schemas";
import type { BatchCheckpoint, IncompleteBatch } from "@/lib/batch/types";
import { APIError, ErrorCode, getUserMessage, toAppError } from "@/lib/errors";
import { formatCount, pluralize } from "@/lib/format";
import { cn } from "@/lib/utils";
import { notifyBatchSuccess } from "@/components/notifications/notify";
import { discardBatch, fetchCheckpoint, resumeBatch, retryFailedItems, updateBatchConfig } from "./batch-api";
import { rememberDismissed } from "./dismissed-batches";
import { DiscardBatchDialog } from "./discard-batch-dialog";
import { IncompleteBatchDetails, batchLabel } from "./incomplete-batch-details";
import { ModifySettingsForm } from "./modify-settings-form";

type Field = "provider" | "model" | "temperature";

export interface ResumeDialogPanelProps {
  /** The batches that need a person (at least one), most recently active first. */
  batches: IncompleteBatch[];
  client?: APIClient;
  /** Where the dialog goes once the server resumed or reopened a batch; by default the batch's page. */
  onResume?: (batch: IncompleteBatch) => void;
}

function fieldErrorsOf(error: unknown): Partial<Record<Field, string>> {
  const appError = toAppError(error);
  const fieldErrors = appError instanceof APIError ? appError.details?.fieldErrors : undefined;
  if (!fieldErrors || typeof fieldErrors !== "object") return {};
  const result: Partial<Record<Field, string>> = {};
  for (const [path, messages] of Object.entries(fieldErrors as Record<string, unknown>)) {
    const key = path.split(".").at(-1);
    const first = Array.isArray(messages) ? messages[0] : undefined;
    if ((key === "provider" || key === "model" || key === "temperature") && typeof first === "string") result[key] = first;
  }
  return result;
}

export function ResumeDialogPanel({ batches: offered, client = apiClient, onResume }: ResumeDialogPanelProps) {
  const router = useRouter();
  const [batches, setBatches] = React.useState<IncompleteBatch[]>(offered);
  const [open, setOpen] = React.useState(offered.length > 0);
  const [selectedId, setSelectedId] = React.useState<string | null>(offered[0]?.jobId ?? null);
  const [mode, setMode] = React.useState<"overview" | "modify">("overview");
  const [checkpoints, setCheckpoints] = React.useState<Record<string, BatchCheckpoint | null>>({});
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const [busy, setBusy] = React.useState<"discard" | "save" | "resume" | "retry" | null>(null);
  const [actionError, setActionError] = React.useState<string | null>(null);
  const [serverFieldErrors, setServerFieldErrors] = React.useState<Partial<Record<Field, string>>>({});

  const selected = batches.find((batch) => batch.jobId === selectedId) ?? batches[0] ?? null;

  // The failures a resume retries are listed from the checkpoint, fetched once per batch shown.
  const selectedJobId = selected?.jobId;
  const needsFailures =
    selected !== null &&
    selected.checkpointId !== null &&
    selected.retryableFailedItems + selected.exhaustedFailedItems > 0 &&
    !(selected.jobId in checkpoints);
  React.useEffect(() => {
    if (!open || !needsFailures || !selectedJobId) return;
    const controller = new AbortController();
    fetchCheckpoint(client, selectedJobId, controller.signal)
      .then((checkpoint) => setCheckpoints((previous) => ({ ...previous, [selectedJobId]: checkpoint })))
      .catch(() => {
        // The counts are already shown; the per-item list is a detail.
        if (!controller.signal.aborted) setCheckpoints((previous) => ({ ...previous, [selectedJobId]: null }));
      });
    return () => controller.abort();
  }, [client, open, needsFailures, selectedJobId]);

  const close = () => {
    rememberDismissed(batches);
    setOpen(false);
    setMode("overview");
  };

  /** The server has the batch running again: close, and open its page to watch it. */
  const goToBatch = (batch: IncompleteBatch) => {
    rememberDismissed(batches.filter((other) => other.jobId !== batch.jobId));
    setOpen(false);
    setMode("overview");
    if (onResume) {
      onResume(batch);
      return;
    }
    router.push(`/batches/${batch.jobId}`);
  };

  /** Drops a batch the server says is past this action (finished, cancelled elsewhere). */
  const forget = (jobId: string) => {
    const rest = batches.filter((batch) => batch.jobId !== jobId);
    setBatches(rest);
    setSelectedId(rest[0]?.jobId ?? null);
    if (rest.length === 0) setOpen(false);
  };

  const resume = async (batch: IncompleteBatch) => {
    setBusy("resume");
    setActionError(null);
    try {
      await resumeBatch(client, batch.jobId);
      goToBatch(batch);
    } catch (error) {
      setActionError(getUserMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const retryFailed = async (batch: IncompleteBatch) => {
    setBusy("retry");
    setActionError(null);
    try {
      const result = await retryFailedItems(client, batch.jobId);
      notifyBatchSuccess(`Retrying ${pluralize(result.retried, "failed item")}`, `“${batchLabel(batch)}” runs on the server.`);
      goToBatch(batch);
    } catch (error) {
      const appError = toAppError(error);
      if (appError instanceof APIError && appError.status === 410) forget(batch.jobId);
      setActionError(getUserMessage(appError));
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (!selected) return;
    setBusy("discard");
    setActionError(null);
    try {
      await discardBatch(client, selected.jobId);
      notifyBatchSuccess(`Discarded “${batchLabel(selected)}”`, `${pluralize(selected.progress.completedItems, "finished conversation")} kept.`);
      const rest = batches.filter((batch) => batch.jobId !== selected.jobId);
      setBatches(rest);
      setSelectedId(rest[0]?.jobId ?? null);
      setConfirmOpen(false);
      if (rest.length === 0) setOpen(false);
    } catch (error) {
      const appError = toAppError(error);
      // Already gone (finished or discarded elsewhere): nothing left to discard.
      if (appError instanceof APIError && (appError.status === 404 || appError.code === ErrorCode.GONE)) {
        forget(selected.jobId);
        setConfirmOpen(false);
      } else {
        setActionError(getUserMessage(appError));
      }
    } finally {
      setBusy(null);
    }
  };

  const saveAndResume = async (config: BatchConfigInput) => {
    if (!selected) return;
    setBusy("save");
    setActionError(null);
    setServerFieldErrors({});
    try {
      await updateBatchConfig(client, selected.jobId, config);
      await resumeBatch(client, selected.jobId);
      notifyBatchSuccess("Settings saved", `“${batchLabel(selected)}” resumes with the new settings.`);
      goToBatch({ ...selected, config });
    } catch (error) {
      setServerFieldErrors(fieldErrorsOf(error));
      setActionError(getUserMessage(error));
    } finally {
      setBusy(null);
    }
  };

  if (batches.length === 0 || !selected) return null;
  const several = batches.length > 1;
  const paused = selected.reason === "paused";
  const working = busy !== null;

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogContent size="wide" data-testid="resume-dialog">
        <DialogHeader>
          <DialogTitle>
            <History aria-hidden="true" className="text-warning" />
            {mode === "modify"
              ? `Modify settings of “${batchLabel(selected)}”`
              : several
                ? `${formatCount(batches.length)} batches need you`
                : paused
                  ? "Resume your paused batch?"
                  : "Retry the failed items?"}
          </DialogTitle>
          <DialogDescription>
            {mode === "modify"
              ? "Change the settings, then resume. Finished conversations are kept as they are."
              : several
                ? "Pick a batch. Every finished conversation is saved; nothing is generated twice."
                : paused
                  ? "It is paused: no new items start until you resume it. Every finished conversation is saved; nothing is generated twice."
                  : "Some items failed on every attempt. Every finished conversation is saved; a retry generates only the failed items."}
          </DialogDescription>
        </DialogHeader>

        {mode === "modify" ? (
          <ModifySettingsForm
            key={selected.jobId}
            batch={selected}
            saving={busy === "save"}
            error={actionError}
            serverFieldErrors={serverFieldErrors}
            onCancel={() => {
              setMode("overview");
              setActionError(null);
              setServerFieldErrors({});
            }}
            onSave={saveAndResume}
          />
        ) : (
          <>
            {several ? (
              <fieldset className="space-y-2">
                <legend className="mb-1 text-sm font-medium">Batches that need you</legend>
                <div className="max-h-56 space-y-2 overflow-auto" data-testid="resume-batch-list">
                  {batches.map((batch) => {
                    const done = batch.progress.completedItems + batch.progress.failedItems;
                    const checked = batch.jobId === selected.jobId;
                    return (
                      <label
                        key={batch.jobId}
                        className={cn(
                          "flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                          checked && "border-primary bg-accent",
                        )}
                        data-testid="resume-batch-option"
                      >
                        <input
                          type="radio"
                          name="resume-batch"
                          value={batch.jobId}
                          checked={checked}
                          onChange={() => setSelectedId(batch.jobId)}
                          className="size-4 accent-primary"
                        />
                        <span className="min-w-0 flex-1 truncate font-medium">{batchLabel(batch)}</span>
                        <span className="shrink-0 text-muted-foreground tabular-nums">
                          {formatCount(done)} / {formatCount(batch.progress.totalItems)}
                        </span>
                        <span className="hidden shrink-0 text-xs text-muted-foreground sm:inline">
                          <DateTime value={batch.lastCheckpointAt} />
                        </span>
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            ) : null}

            <IncompleteBatchDetails batch={selected} checkpoint={checkpoints[selected.jobId] ?? null} />

            {actionError && !confirmOpen ? (
              <Alert variant="destructive" data-testid="resume-error">
                <AlertDescription>
                  <p>{actionError}</p>
                </AlertDescription>
              </Alert>
            ) : null}

            <DialogFooter className="sm:justify-between">
              <Button type="button" variant="ghost" onClick={close}>
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
                    onClick={() => {
                      setActionError(null);
                      setConfirmOpen(true);
                    }}
                  >
                    <Trash2 aria-hidden="true" />
                    Discard…
                  </Button>
                ) : null}
                {paused ? (
                  <Button
                    type="button"
                    variant="outline"
                    disabled={working}
                    onClick={() => {
                      setActionError(null);
                      setMode("modify");
                    }}
                  >
                    <Settings2 aria-hidden="true" />
                    Modify settings
                  </Button>
                ) : null}
                {paused ? (
                  <Button type="button" onClick={() => void resume(selected)} disabled={working} data-testid="resume-selected">
                    <Play aria-hidden="true" />
                    {busy === "resume" ? "Resuming…" : "Resume"}
                  </Button>
                ) : (
                  <Button type="button" onClick={() => void retryFailed(selected)} disabled={working} data-testid="retry-selected">
                    <RotateCcw aria-hidden="true" />
                    {busy === "retry" ? "Reopening…" : `Retry failed items (${formatCount(selected.exhaustedFailedItems)})`}
                  </Button>
                )}
              </div>
            </DialogFooter>
          </>
        )}
        {/* Nested inside the resume dialog: Escape closes only the confirmation. */}
        <DiscardBatchDialog
          batch={selected}
          open={confirmOpen}
          onOpenChange={setConfirmOpen}
          onConfirm={discard}
          discarding={busy === "discard"}
          error={confirmOpen ? actionError : null}
        />
      </DialogContent>
    </Dialog>
  );
}
