"use client";

import * as React from "react";
import { apiClient, type APIClient } from "@/lib/api";
import type { BatchDetails } from "@/lib/batch/types";
import { BatchControls } from "./batch-controls";
import { batchLabel } from "./batch-label";
import { BatchItemList } from "./batch-item-list";
import { BatchStatusAlert } from "./batch-status-alert";
import { BatchSummary } from "./batch-summary";
import { batchTiming, type RateLimitBound } from "./batch-time";
import type { EventSourceFactory } from "./event-source";
import { useBatchEvents } from "./use-batch-events";
import { useNow } from "./use-now";

interface BatchDetailProps {
  /** The server-rendered batch: shown at once, then kept live by the batch's event stream. */
  initial: BatchDetails;
  client?: APIClient;
  /** Tests pass a fake; the browser's EventSource otherwise. */
  eventSource?: EventSourceFactory | null;
  /** The server's generation rate limit: the time-left estimate never promises faster. */
  rateLimit?: RateLimitBound;
}

/**
 * A batch's page body. The server runs the batch whether or not this page is open; the page
 * only watches it (live counts, time left, each item's outcome) and steers it (pause,
 * resume, cancel, retry failed items).
 */
export function BatchDetail({ initial, client = apiClient, eventSource, rateLimit }: BatchDetailProps) {
  const events = useBatchEvents({ initial, eventSource, client });
  const { details, connected } = events;
  const { job, progress, items } = details;
  const status = job.displayStatus;
  const watching =
    status !== "completed" && status !== "completed_with_failures" && status !== "cancelled" && status !== "failed";
  // Ticks while anything on the page depends on the time: elapsed, time left, rate-limit waits.
  const now = useNow(watching);
  const timing = batchTiming(job, progress, now, rateLimit);
  const inFlight = items.reduce((count, item) => count + (item.status === "running" ? 1 : 0), 0);

  return (
    <div className="space-y-4" data-testid="batch-detail" data-job-id={job.id}>
      <BatchStatusAlert details={details} />
      <BatchSummary
        progress={progress}
        status={status}
        elapsedMs={timing.elapsedMs}
        estimatedRemainingMs={timing.remainingMs}
        inFlight={inFlight}
      />
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-xs text-muted-foreground" data-testid="live-status">
          {watching
            ? connected
              ? "Live: updates as the server works. You can close this page; the batch keeps going."
              : "Connecting for live updates… The batch keeps going on the server either way."
            : null}
        </p>
        <BatchControls details={details} client={client} events={events} name={batchLabel(job)} />
      </div>
      <BatchItemList jobId={job.id} items={items} now={now} />
    </div>
  );
}
