"use client";

import * as React from "react";
import type { APIClient } from "@/lib/api";
import type { BatchCheckpoint, IncompleteBatch } from "@/lib/batch/types";
import { fetchCheckpoint } from "./batch-api";

/**
 * The checkpoint of the batch shown, for its per-item failures: fetched once per batch while
 * `active`, only when the batch has a checkpoint and failures to list. null until it answers,
 * and when it fails: the counts are already shown; the per-item list is a detail.
 */
export function useCheckpointFailures(
  client: APIClient,
  batch: IncompleteBatch | null,
  active: boolean,
): BatchCheckpoint | null {
  const [checkpoints, setCheckpoints] = React.useState<Record<string, BatchCheckpoint | null>>({});
  const jobId = batch?.jobId;
  const needed =
    batch !== null &&
    batch.checkpointId !== null &&
    batch.retryableFailedItems + batch.exhaustedFailedItems > 0 &&
    !(batch.jobId in checkpoints);

  React.useEffect(() => {
    if (!active || !needed || !jobId) return;
    const controller = new AbortController();
    fetchCheckpoint(client, jobId, controller.signal)
      .then((checkpoint) => setCheckpoints((previous) => ({ ...previous, [jobId]: checkpoint })))
      .catch(() => {
        if (!controller.signal.aborted) setCheckpoints((previous) => ({ ...previous, [jobId]: null }));
      });
    return () => controller.abort();
  }, [client, active, needed, jobId]);

  return jobId ? (checkpoints[jobId] ?? null) : null;
}
