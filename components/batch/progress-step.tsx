"use client";

import { Pause, Play } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { config } from "@/lib/config";
import type { BatchProgress } from "@/lib/batch/processor";
import type { BatchJobStatus } from "@/lib/batch/types";
import { getUserMessage } from "@/lib/errors";
import { pluralize } from "@/lib/format";
import { estimateRemainingMs } from "./batch-time";
import { remainingWork } from "./batch-work";
import { BatchSummary, type BatchRunState } from "./batch-summary";
import type { BatchRunner, RunnerStatus } from "./use-batch-runner";
import { useNow } from "./use-now";

const ACTIVE: ReadonlySet<RunnerStatus> = new Set(["loading", "running", "waiting"]);

export function isRunnerActive(status: RunnerStatus): boolean {
  return ACTIVE.has(status) || status === "pausing";
}

/** What the summary card says, from the runner's state and the server's counts. */
export function summaryState(status: RunnerStatus, progress: BatchProgress, jobStatus: BatchJobStatus | undefined): BatchRunState {
  if (ACTIVE.has(status)) return "running";
  if (status === "pausing") return "pausing";
  const settled = progress.pendingItems === 0 && progress.totalItems > 0;
  if (status === "finished" || jobStatus === "completed" || jobStatus === "completed_with_errors") {
    if (settled) return progress.failedItems > 0 ? "completed_with_errors" : "completed";
  }
  return status === "idle" ? "idle" : "paused";
}

export function ProgressStep({ runner }: { runner: BatchRunner }) {
  const active = ACTIVE.has(runner.status);
  const now = useNow(active);
  const { progress } = runner;

  if (!progress) {
    return (
      <p role="status" className="text-sm text-muted-foreground" data-testid="progress-loading">
        Loading the batch…
      </p>
    );
  }

  const elapsedMs =
    runner.startedAt === null ? null : Math.max(0, (runner.endedAt ?? Math.max(now, runner.startedAt)) - runner.startedAt);
  const remainingMs =
    elapsedMs === null
      ? null
      : estimateRemainingMs({
          remaining: progress.pendingItems,
          processedThisRun: runner.processedThisRun,
          elapsedMs,
          limit: config.api.rateLimit,
        });
  const state = summaryState(runner.status, progress, runner.details?.job.status);
  const stopped = runner.status === "paused" || runner.status === "idle" || runner.status === "stalled";
  const work = runner.details ? remainingWork(runner.details) : null;
  const canResume = stopped && work !== null && work.claimable + work.leased > 0;

  return (
    <section className="space-y-4" aria-label="Generation progress" data-testid="progress-step">
      <BatchSummary
        progress={progress}
        state={state}
        elapsedMs={elapsedMs}
        estimatedRemainingMs={remainingMs}
        inFlight={runner.inFlight}
      />

      {runner.status === "waiting" ? (
        <Alert variant="info" data-testid="waiting-for-runner">
          <AlertTitle>Another runner is working on this batch</AlertTitle>
          <AlertDescription>
            <p>
              {pluralize(runner.leasedElsewhere, "item")} {runner.leasedElsewhere === 1 ? "is" : "are"} being generated in
              another tab or process. This tab picks {runner.leasedElsewhere === 1 ? "it" : "them"} up if that runner stops.
            </p>
          </AlertDescription>
        </Alert>
      ) : null}

      {runner.status === "stalled" && runner.error ? (
        <Alert variant="destructive">
          <AlertTitle>Generation stopped</AlertTitle>
          <AlertDescription>
            <p>{getUserMessage(runner.error)}</p>
            <p>Every finished conversation is saved. Resume when the problem is solved.</p>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="flex flex-wrap justify-end gap-2">
        {isRunnerActive(runner.status) ? (
          <Button type="button" variant="outline" onClick={runner.pause} disabled={runner.status === "pausing"} data-testid="pause-batch">
            <Pause aria-hidden="true" />
            {runner.status === "pausing" ? "Pausing…" : "Pause"}
          </Button>
        ) : null}
        {canResume ? (
          <Button type="button" onClick={runner.start} data-testid="resume-batch">
            <Play aria-hidden="true" />
            {runner.status === "idle" ? "Start generating" : "Resume"}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
