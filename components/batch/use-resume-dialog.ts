"use client";

import * as React from "react";
import { notifyBatchSuccess } from "@/components/notifications/notify";
import type { APIClient } from "@/lib/api";
import type { BatchConfigInput } from "@/lib/batch/schemas";
import type { IncompleteBatch } from "@/lib/batch/types";
import { APIError, ErrorCode, getUserMessage, toAppError } from "@/lib/errors";
import { pluralize } from "@/lib/format";
import { discardBatch, resumeBatch, retryFailedItems, updateBatchConfig } from "./batch-api";
import { batchLabel } from "./batch-label";
import { rememberDismissed } from "./dismissed-batches";

export type SettingsField = "provider" | "model" | "temperature";
export type ResumeAction = "discard" | "save" | "resume" | "retry";

export interface UseResumeDialogOptions {
  /** The batches that need a person, most recently active first. */
  offered: IncompleteBatch[];
  client: APIClient;
  /** The server runs the batch again: where to go to watch it. */
  onResumed: (batch: IncompleteBatch) => void;
}

export interface ResumeDialogState {
  batches: IncompleteBatch[];
  /** The batch the dialog is about; null once none is left. */
  selected: IncompleteBatch | null;
  open: boolean;
  mode: "overview" | "modify";
  /** The Discard confirmation on top of the dialog. */
  confirmOpen: boolean;
  /** The request in flight, if any: every action button waits for it. */
  busy: ResumeAction | null;
  /** Why the last action failed, in the user's words. */
  actionError: string | null;
  serverFieldErrors: Partial<Record<SettingsField, string>>;
  select: (jobId: string) => void;
  /** Later, Escape, the close button: keeps every batch, and stops the dialog reopening in this tab. */
  dismiss: () => void;
  openModify: () => void;
  closeModify: () => void;
  askDiscard: () => void;
  setConfirmOpen: (open: boolean) => void;
  resume: () => Promise<void>;
  retryFailed: () => Promise<void>;
  discard: () => Promise<void>;
  saveAndResume: (config: BatchConfigInput) => Promise<void>;
}

/** Field errors the server named (e.g. "config.temperature"), keyed by the form's field. */
export function settingsFieldErrors(error: unknown): Partial<Record<SettingsField, string>> {
  const appError = toAppError(error);
  const fieldErrors = appError instanceof APIError ? appError.details?.fieldErrors : undefined;
  if (!fieldErrors || typeof fieldErrors !== "object") return {};
  const result: Partial<Record<SettingsField, string>> = {};
  for (const [path, messages] of Object.entries(fieldErrors as Record<string, unknown>)) {
    const key = path.split(".").at(-1);
    const first = Array.isArray(messages) ? messages[0] : undefined;
    if ((key === "provider" || key === "model" || key === "temperature") && typeof first === "string")
      result[key] = first;
  }
  return result;
}

/**
 * The resume dialog's state and its requests: which batch is picked, overview or modify,
 * the Discard confirmation, and resume / retry / discard / save-and-resume, each one request
 * (save is a PATCH then a resume). A batch the server says is past the action drops out.
 */
export function useResumeDialog({ offered, client, onResumed }: UseResumeDialogOptions): ResumeDialogState {
  const [batches, setBatches] = React.useState<IncompleteBatch[]>(offered);
  const [open, setOpen] = React.useState(offered.length > 0);
  const [selectedId, setSelectedId] = React.useState<string | null>(offered[0]?.jobId ?? null);
  const [mode, setMode] = React.useState<"overview" | "modify">("overview");
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const [busy, setBusy] = React.useState<ResumeAction | null>(null);
  const [actionError, setActionError] = React.useState<string | null>(null);
  const [serverFieldErrors, setServerFieldErrors] = React.useState<Partial<Record<SettingsField, string>>>({});

  const selected = batches.find((batch) => batch.jobId === selectedId) ?? batches[0] ?? null;

  const dismiss = () => {
    rememberDismissed(batches);
    setOpen(false);
    setMode("overview");
  };

  /** The server has the batch running again: close, and open its page to watch it. */
  const goToBatch = (batch: IncompleteBatch) => {
    rememberDismissed(batches.filter((other) => other.jobId !== batch.jobId));
    setOpen(false);
    setMode("overview");
    onResumed(batch);
  };

  /** Drops a batch: discarded here, or the server says it is past this action (finished, cancelled elsewhere). */
  const forget = (jobId: string) => {
    const rest = batches.filter((batch) => batch.jobId !== jobId);
    setBatches(rest);
    setSelectedId(rest[0]?.jobId ?? null);
    if (rest.length === 0) setOpen(false);
  };

  /** Runs one action: busy while it runs, the previous error cleared. */
  const run = async (action: ResumeAction, body: () => Promise<void>) => {
    setBusy(action);
    setActionError(null);
    try {
      await body();
    } finally {
      setBusy(null);
    }
  };

  const resume = () =>
    run("resume", async () => {
      if (!selected) return;
      try {
        await resumeBatch(client, selected.jobId);
        goToBatch(selected);
      } catch (error) {
        setActionError(getUserMessage(error));
      }
    });

  const retryFailed = () =>
    run("retry", async () => {
      if (!selected) return;
      try {
        const result = await retryFailedItems(client, selected.jobId);
        notifyBatchSuccess(
          `Retrying ${pluralize(result.retried, "failed item")}`,
          `“${batchLabel(selected)}” runs on the server.`,
        );
        goToBatch(selected);
      } catch (error) {
        const appError = toAppError(error);
        if (appError instanceof APIError && appError.status === 410) forget(selected.jobId);
        setActionError(getUserMessage(appError));
      }
    });

  const discard = () =>
    run("discard", async () => {
      if (!selected) return;
      try {
        await discardBatch(client, selected.jobId);
        notifyBatchSuccess(
          `Discarded “${batchLabel(selected)}”`,
          `${pluralize(selected.progress.completedItems, "finished conversation")} kept.`,
        );
        forget(selected.jobId);
        setConfirmOpen(false);
      } catch (error) {
        const appError = toAppError(error);
        // Already gone (finished or discarded elsewhere): nothing left to discard.
        if (appError instanceof APIError && (appError.status === 404 || appError.code === ErrorCode.GONE)) {
          forget(selected.jobId);
          setConfirmOpen(false);
        } else {
          setActionError(getUserMessage(appError));
        }
      }
    });

  const saveAndResume = (config: BatchConfigInput) =>
    run("save", async () => {
      if (!selected) return;
      setServerFieldErrors({});
      try {
        await updateBatchConfig(client, selected.jobId, config);
        await resumeBatch(client, selected.jobId);
        notifyBatchSuccess("Settings saved", `“${batchLabel(selected)}” resumes with the new settings.`);
        goToBatch({ ...selected, config });
      } catch (error) {
        setServerFieldErrors(settingsFieldErrors(error));
        setActionError(getUserMessage(error));
      }
    });

  return {
    batches,
    selected,
    open,
    mode,
    confirmOpen,
    busy,
    actionError,
    serverFieldErrors,
    select: setSelectedId,
    dismiss,
    openModify: () => {
      setActionError(null);
      setMode("modify");
    },
    closeModify: () => {
      setMode("overview");
      setActionError(null);
      setServerFieldErrors({});
    },
    askDiscard: () => {
      setActionError(null);
      setConfirmOpen(true);
    },
    setConfirmOpen,
    resume,
    retryFailed,
    discard,
    saveAndResume,
  };
}
