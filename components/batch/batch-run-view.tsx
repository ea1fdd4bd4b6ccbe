"use client";

import { ProgressStep, summaryState } from "./progress-step";
import { SummaryStep } from "./summary-step";
import type { BatchRunner } from "./use-batch-runner";

/** Progress while there is work left, the summary once the batch is done. */
export function isRunSummary(runner: BatchRunner): boolean {
  if (!runner.progress) return false;
  const state = summaryState(runner.status, runner.progress, runner.details?.job.status);
  return state === "completed" || state === "completed_with_errors";
}

export function BatchRunView({ runner }: { runner: BatchRunner }) {
  return isRunSummary(runner) ? <SummaryStep runner={runner} /> : <ProgressStep runner={runner} />;
}
