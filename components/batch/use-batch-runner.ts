"use client";

/**
 * The browser runner: generates a batch's items from this tab, three at a time, through the
 * shared APIClient (rate limit, retry, Retry-After), with a heartbeat so other tabs see
 * "running elsewhere" while this one lives. Pause aborts it; so does leaving the page.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { APIClient, apiClient } from "@/lib/api";
import { config } from "@/lib/config";
import { calculateProgress, type BatchProgress } from "@/lib/batch/processor";
import type { BatchDetails, BatchItem } from "@/lib/batch/types";
import { toAppError, type AppError } from "@/lib/errors";
import { notifyBatchError } from "@/components/notifications/notify";
import { fetchBatch, releaseRunner, retryFailedItems, sendHeartbeat } from "./batch-api";
import { getTabRunnerId } from "./runner-id";
import { isFinishedStatus, runBatch, type RunEvent } from "./run-batch";

export type RunnerStatus =
  /** Not started in this tab (or nothing loaded yet). */
  | "idle"
  | "loading"
  | "running"
  /** Every remaining item is held by another runner; this tab waits for it. */
  | "waiting"
  | "pausing"
  | "paused"
  /** Nothing left that a runner can do: completed, or failed with no attempts left. */
  | "finished"
  /** Stopped: the batch could not be loaded, or passes kept failing (see `error`). */
  | "stalled";

export interface BatchRunnerState {
  status: RunnerStatus;
  details: BatchDetails | null;
  /** Items this tab is generating right now. */
  inFlight: number;
  /** Items held by another runner while status is "waiting". */
  leasedElsewhere: number;
  /** Epoch ms the current (or last) run started; null before the first start. */
  startedAt: number | null;
  /** Epoch ms the last run ended; null while running. */
  endedAt: number | null;
  /** Items that got an outcome (completed or failed) in the current run: the measured pace. */
  processedThisRun: number;
  error: AppError | null;
}

export interface UseBatchRunnerOptions {
  jobId: string;
  /** Server-rendered details, shown before the first fetch. */
  initial?: BatchDetails | null;
  /** Start generating on mount (the wizard's progress step). */
  autoStart?: boolean;
  client?: APIClient;
  /** Heartbeats travel apart from generate calls so three slow generations never delay them. */
  heartbeatClient?: APIClient;
  runnerId?: string;
  concurrency?: number;
  heartbeatIntervalMs?: number;
  /** Where errors go (toasts by default); `retry` reopens the failed items and runs again (the toast's Retry). */
  onError?: (error: AppError, subject: string, retryInMs?: number, retry?: () => void) => void;
}

export interface BatchRunner extends BatchRunnerState {
  /** Real counts: from the server, updated by each item's answer. */
  progress: BatchProgress | null;
  start: () => void;
  pause: () => void;
  /** Gives every failed item a fresh set of attempts (the server reopens the batch), then runs. */
  retryFailed: () => Promise<void>;
  /** True while the retry request is on its way. */
  retrying: boolean;
  /** Re-read the batch (when not running). */
  refresh: () => Promise<void>;
}

const defaultHeartbeatClient = new APIClient({ rateLimit: { maxConcurrent: 1, maxRequests: 30, windowMs: 60_000 } });

function defaultOnError(error: AppError, subject: string, retryInMs?: number, retry?: () => void): void {
  notifyBatchError(error, { subject, retryInMs, onRetry: retry });
}

function withItem(details: BatchDetails | null, item: BatchItem): BatchDetails | null {
  if (!details) return details;
  return { ...details, items: details.items.map((existing) => (existing.id === item.id ? item : existing)) };
}

function initialState(initial: BatchDetails | null | undefined, autoStart: boolean): BatchRunnerState {
  return {
    status: autoStart ? "loading" : initial && isFinishedStatus(initial.job.status) ? "finished" : "idle",
    details: initial ?? null,
    inFlight: 0,
    leasedElsewhere: 0,
    startedAt: null,
    endedAt: null,
    processedThisRun: 0,
    error: null,
  };
}

function reduce(state: BatchRunnerState, event: RunEvent): BatchRunnerState {
  switch (event.type) {
    case "details":
      return { ...state, details: event.details };
    case "item":
      return { ...state, details: withItem(state.details, event.item) };
    case "item-started":
      return { ...state, status: state.status === "pausing" ? "pausing" : "running", inFlight: state.inFlight + 1 };
    case "item-settled": {
      const counted = event.outcome === "completed" || event.outcome === "failed";
      return {
        ...state,
        inFlight: Math.max(0, state.inFlight - 1),
        processedThisRun: state.processedThisRun + (counted ? 1 : 0),
      };
    }
    case "waiting":
      return { ...state, status: state.status === "pausing" ? "pausing" : "waiting", leasedElsewhere: event.leasedItems };
    case "error":
      return state;
  }
}

export function useBatchRunner({
  jobId,
  initial,
  autoStart = false,
  client = apiClient,
  // Apart from the app's shared client only; a client passed in (tests, scripts) carries both.
  heartbeatClient = client === apiClient ? defaultHeartbeatClient : client,
  runnerId = getTabRunnerId(),
  concurrency = config.batch.defaultConcurrency,
  heartbeatIntervalMs = config.batch.heartbeatIntervalMs,
  onError = defaultOnError,
}: UseBatchRunnerOptions): BatchRunner {
  const [state, setState] = useState<BatchRunnerState>(() => initialState(initial, autoStart));
  // A new token starts a run, 0 stops it. Effects (not click handlers) own the run, so
  // React's mount/unmount (and Strict Mode's double mount) always stop what they started.
  const [runToken, setRunToken] = useState(autoStart ? 1 : 0);
  const tokenCounter = useRef(autoStart ? 1 : 0);
  const activeRun = useRef<symbol | null>(null);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  // The toasts' Retry: set once retryFailed exists (below); a ref so the run effect need not depend on it.
  const retryRef = useRef<() => void>(() => undefined);
  const retryFromToast = useCallback(() => retryRef.current(), []);

  useEffect(() => {
    if (runToken === 0) return;
    const run = Symbol("run");
    activeRun.current = run;
    const controller = new AbortController();
    // Only the current run may change what the page shows; an aborted one settles quietly.
    const update = (change: (previous: BatchRunnerState) => BatchRunnerState) => {
      if (activeRun.current === run) setState(change);
    };
    update((previous) => ({
      ...previous,
      status: "loading",
      inFlight: 0,
      leasedElsewhere: 0,
      startedAt: Date.now(),
      endedAt: null,
      processedThisRun: 0,
      error: null,
    }));

    const beat = () => {
      // A missed heartbeat only dims "running elsewhere" in other tabs; generate calls report real failures.
      sendHeartbeat(heartbeatClient, jobId, runnerId, controller.signal).catch(() => undefined);
    };
    beat();
    const heartbeat = setInterval(beat, heartbeatIntervalMs);
    // Once the run has settled (finished, paused, unmounted), say so: no stale "running elsewhere".
    // A newer run of this tab (resume right after pause) shares the runner id: leave it be.
    const release = () => {
      if (activeRun.current !== run) return;
      releaseRunner(heartbeatClient, jobId, runnerId).catch(() => undefined);
    };

    runBatch(
      { client, jobId, runnerId, concurrency, leaseWaitMs: heartbeatIntervalMs },
      controller.signal,
      (event) => {
        if (event.type === "error") {
          if (activeRun.current === run && !controller.signal.aborted) onErrorRef.current(event.error, event.subject, event.retryInMs, retryFromToast);
          return;
        }
        update((previous) => {
          const next = reduce(previous, event);
          return next.status === "loading" && event.type === "details" ? { ...next, status: "running" } : next;
        });
      },
    )
      .then((result) => {
        update((previous) => ({
          ...previous,
          details: result.details,
          inFlight: 0,
          endedAt: Date.now(),
          status: result.reason === "finished" ? "finished" : result.reason === "stalled" ? "stalled" : "paused",
          error: result.error ?? null,
        }));
        if (result.reason === "stalled" && result.error) onErrorRef.current(result.error, "Generation stopped after repeated failures.", undefined, retryFromToast);
      })
      .catch((thrown: unknown) => {
        const error = toAppError(thrown);
        const aborted = controller.signal.aborted;
        update((previous) => ({
          ...previous,
          inFlight: 0,
          endedAt: Date.now(),
          status: aborted ? "paused" : "stalled",
          error: aborted ? null : error,
        }));
        if (!aborted && activeRun.current === run) onErrorRef.current(error, "The batch could not be loaded.");
      })
      .finally(() => {
        clearInterval(heartbeat);
        release();
      });

    return () => {
      controller.abort();
      clearInterval(heartbeat);
    };
  }, [runToken, jobId, client, heartbeatClient, runnerId, concurrency, heartbeatIntervalMs, retryFromToast]);

  const start = useCallback(() => {
    tokenCounter.current += 1;
    setRunToken(tokenCounter.current);
  }, []);

  const pause = useCallback(() => {
    setState((previous) =>
      previous.status === "running" || previous.status === "waiting" || previous.status === "loading"
        ? { ...previous, status: "pausing" }
        : previous,
    );
    setRunToken(0);
  }, []);

  const [retrying, setRetrying] = useState(false);
  const retryFailed = useCallback(async () => {
    setRetrying(true);
    try {
      await retryFailedItems(client, jobId);
      start();
    } catch (thrown) {
      onErrorRef.current(toAppError(thrown), "The failed items could not be reopened.");
    } finally {
      setRetrying(false);
    }
  }, [client, jobId, start]);
  useEffect(() => {
    retryRef.current = () => void retryFailed();
  }, [retryFailed]);

  const refresh = useCallback(async () => {
    try {
      const details = await fetchBatch(client, jobId);
      setState((previous) => ({
        ...previous,
        details,
        status: previous.status === "idle" && isFinishedStatus(details.job.status) ? "finished" : previous.status,
      }));
    } catch (thrown) {
      onErrorRef.current(toAppError(thrown), "The batch could not be loaded.");
    }
  }, [client, jobId]);

  const progress = useMemo(
    () => (state.details ? calculateProgress(state.details.items, state.details.job.totalItems) : null),
    [state.details],
  );

  return { ...state, progress, start, pause, refresh, retryFailed, retrying };
}
