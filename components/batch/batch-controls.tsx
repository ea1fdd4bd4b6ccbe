"use client";

import * as React from "react";
import Link from "next/link";
import { Ban, MessagesSquare, Pause, Play, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { APIClient } from "@/lib/api";
import { isTerminalJobStatus, toDisplayStatus } from "@/lib/batch/status";
import type { BatchDetails } from "@/lib/batch/types";
import { APIError, getUserMessage, toAppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { notificationManager } from "@/components/notifications/notification-manager";
import { cancelBatch, fetchBatch, pauseBatch, resumeBatch, retryFailedItems } from "./batch-api";
import { CancelBatchDialog } from "./cancel-batch-dialog";
import type { BatchEvents } from "./use-batch-events";

type Action = "pause" | "resume" | "cancel" | "retry";

const FAILED_TITLE: Record<Action, string> = {
  pause: "The batch was not paused",
  resume: "The batch was not resumed",
  cancel: "The batch was not cancelled",
  retry: "The failed items were not reopened",
};

interface BatchControlsProps {
  details: BatchDetails;
  client: APIClient;
  events: Pick<BatchEvents, "applyControl" | "replace" | "reopen">;
  name: string;
}

/** Pause, Resume, Cancel and Retry failed items: each asks the server, which runs the batch. */
export function BatchControls({ details, client, events, name }: BatchControlsProps) {
  const { job, progress } = details;
  const status = job.displayStatus;
  const [busy, setBusy] = React.useState<Action | null>(null);
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const [cancelError, setCancelError] = React.useState<string | null>(null);
  const { applyControl, replace, reopen } = events;

  /** 409 (finished) or 410 (cancelled): the page was behind, so it catches up with the server. */
  const catchUp = React.useCallback(
    (error: unknown) => {
      const appError = toAppError(error);
      if (!(appError instanceof APIError) || (appError.status !== 409 && appError.status !== 410)) return false;
      fetchBatch(client, job.id).then(replace, () => undefined);
      return true;
    },
    [client, job.id, replace],
  );

  const perform = async (action: Action): Promise<void> => {
    if (busy) return;
    setBusy(action);
    if (action === "cancel") setCancelError(null);
    try {
      if (action === "retry") {
        const result = await retryFailedItems(client, job.id);
        applyControl({
          jobId: job.id,
          status: result.status,
          displayStatus: toDisplayStatus(result.status, { workerAlive: true }),
        });
        // The finished batch's stream had ended: listen again while the server runs the retries.
        reopen();
      } else {
        const call = action === "pause" ? pauseBatch : action === "resume" ? resumeBatch : cancelBatch;
        applyControl(await call(client, job.id));
      }
      if (action === "cancel") setConfirmOpen(false);
    } catch (error) {
      const stale = catchUp(error);
      if (action === "cancel" && !stale) {
        setCancelError(getUserMessage(error));
      } else {
        if (action === "cancel") setConfirmOpen(false);
        notificationManager.showError(error, {
          title: FAILED_TITLE[action],
          onRetry: stale ? undefined : () => void perform(action),
        });
      }
    } finally {
      setBusy(null);
    }
  };

  const moving = status === "queued" || status === "running" || status === "interrupted";
  const canResume = status === "paused" || status === "interrupted";
  const open = !isTerminalJobStatus(job.status);
  const finished = status === "completed" || status === "completed_with_failures";
  const failed = progress.failedItems;

  return (
    <div className="flex flex-wrap justify-end gap-2" data-testid="batch-controls">
      {finished ? (
        <Button asChild variant="outline">
          <Link href="/conversations">
            <MessagesSquare aria-hidden="true" />
            All conversations
          </Link>
        </Button>
      ) : null}
      {open ? (
        <Button
          type="button"
          variant="outline"
          className="text-destructive"
          onClick={() => {
            setCancelError(null);
            setConfirmOpen(true);
          }}
          disabled={busy !== null}
          data-testid="cancel-batch"
        >
          <Ban aria-hidden="true" />
          Cancel…
        </Button>
      ) : null}
      {moving ? (
        <Button
          type="button"
          variant="outline"
          onClick={() => void perform("pause")}
          disabled={busy !== null}
          data-testid="pause-batch"
        >
          <Pause aria-hidden="true" />
          {busy === "pause" ? "Pausing…" : "Pause"}
        </Button>
      ) : null}
      {canResume ? (
        <Button
          type="button"
          onClick={() => void perform("resume")}
          disabled={busy !== null}
          data-testid="resume-batch"
        >
          <Play aria-hidden="true" />
          {busy === "resume" ? "Resuming…" : "Resume"}
        </Button>
      ) : null}
      {status === "completed_with_failures" && failed > 0 ? (
        <Button type="button" onClick={() => void perform("retry")} disabled={busy !== null} data-testid="retry-failed">
          <RotateCcw aria-hidden="true" />
          {busy === "retry" ? "Reopening…" : `Retry failed items (${formatCount(failed)})`}
        </Button>
      ) : null}
      <CancelBatchDialog
        name={name}
        progress={progress}
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        onConfirm={() => void perform("cancel")}
        cancelling={busy === "cancel"}
        error={cancelError}
      />
    </div>
  );
}
