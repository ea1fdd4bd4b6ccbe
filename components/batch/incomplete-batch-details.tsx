import { CheckCircle2, CircleDashed, RotateCcw, XCircle } from "lucide-react";
import { DateTime } from "@/components/ui/date-time";
import { Progress } from "@/components/ui/progress";
import type { BatchCheckpoint, IncompleteBatch } from "@/lib/batch/types";
import { formatCount, pluralize } from "@/lib/format";
import { batchLabel } from "./batch-label";
import { BatchStatusBadge } from "./batch-status-badge";

interface IncompleteBatchDetailsProps {
  batch: IncompleteBatch;
  /** The checkpoint's failures, once loaded: listed under the counts. */
  checkpoint: BatchCheckpoint | null;
}

/** One batch that needs a person, as the resume dialog shows it: real counts from its checkpoint. */
export function IncompleteBatchDetails({ batch, checkpoint }: IncompleteBatchDetailsProps) {
  const { progress } = batch;
  const done = progress.completedItems + progress.failedItems;
  const label = batchLabel(batch);
  const paused = batch.reason === "paused";
  // Paused: the failures a resume retries. Failed past the cap: the ones Retry failed items reopens.
  const listed = checkpoint?.failedItems.filter((failure) => (paused ? failure.willRetry !== false : true)) ?? [];
  return (
    <div
      className="space-y-4 rounded-lg border bg-card p-4"
      data-testid="resume-batch-details"
      data-job-id={batch.jobId}
      data-reason={batch.reason}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">{label}</h3>
        <BatchStatusBadge status={batch.displayStatus} data-testid="resume-status" />
      </div>

      <div className="space-y-2">
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium">Progress</span>
          <span className="text-muted-foreground tabular-nums" data-testid="resume-processed">
            {formatCount(done)} / {formatCount(progress.totalItems)} ({progress.progressPercentage}%)
          </span>
        </div>
        <Progress
          value={done}
          max={Math.max(progress.totalItems, 1)}
          aria-label={`${label}: ${formatCount(done)} of ${formatCount(progress.totalItems)} items processed`}
        />
      </div>

      <dl className="grid grid-cols-3 gap-3 text-sm">
        <Count
          icon={CheckCircle2}
          tone="text-success"
          label="Completed"
          value={progress.completedItems}
          testId="resume-completed"
        />
        <Count
          icon={XCircle}
          tone="text-destructive"
          label="Failed"
          value={progress.failedItems}
          testId="resume-failed"
        />
        <Count
          icon={CircleDashed}
          tone="text-muted-foreground"
          label="Pending"
          value={progress.pendingItems}
          testId="resume-pending"
        />
      </dl>

      <p className="text-sm text-muted-foreground">
        Last updated <DateTime value={batch.lastCheckpointAt} />
      </p>

      {batch.retryableFailedItems > 0 || batch.exhaustedFailedItems > 0 ? (
        <div className="space-y-2 border-t pt-3 text-sm" data-testid="resume-failures">
          {paused && batch.retryableFailedItems > 0 ? (
            <p className="flex items-center gap-1.5 font-medium">
              <RotateCcw aria-hidden="true" className="size-4 text-warning" />
              {pluralize(batch.retryableFailedItems, "failed item")} will be retried when you resume.
            </p>
          ) : null}
          {!paused && batch.exhaustedFailedItems > 0 ? (
            <p className="flex items-center gap-1.5 font-medium">
              <RotateCcw aria-hidden="true" className="size-4 text-warning" />
              {pluralize(batch.exhaustedFailedItems, "item")} failed after every attempt. Retry failed items gives{" "}
              {batch.exhaustedFailedItems === 1 ? "it" : "them"} a fresh set of attempts.
            </p>
          ) : null}
          {listed.length > 0 ? (
            <ul
              className="max-h-32 space-y-1 overflow-auto pl-6 text-muted-foreground"
              aria-label={paused ? "Failures to retry" : "Failed items"}
              tabIndex={0}
            >
              {listed.map((failure) => (
                <li key={failure.itemId}>
                  {failure.error}
                  {failure.attempts !== undefined ? ` (attempt ${formatCount(failure.attempts)})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {paused && batch.exhaustedFailedItems > 0 ? (
            <p className="text-muted-foreground">
              {pluralize(batch.exhaustedFailedItems, "item")} used every attempt and will stay failed until you retry
              the failed items.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Count({
  icon: Icon,
  tone,
  label,
  value,
  testId,
}: {
  icon: typeof CheckCircle2;
  tone: string;
  label: string;
  value: number;
  testId: string;
}) {
  return (
    <div className="rounded-md border bg-muted/30 p-2.5">
      <dt className="flex items-center gap-1.5 text-xs text-muted-foreground">
        <Icon aria-hidden="true" className={`size-4 ${tone}`} />
        {label}
      </dt>
      <dd className="pt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {formatCount(value)}
      </dd>
    </div>
  );
}
