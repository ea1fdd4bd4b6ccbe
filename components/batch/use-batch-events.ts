"use client";

/**
 * A batch as the server sees it, live: GET /api/batches/:id/events (Server-Sent Events).
 * The first message of each connection carries every item and replaces the state (so a
 * reconnect misses nothing); later ones carry only the items that changed, merged by id.
 * After `event: end` (the batch reached a final status) the stream is closed here, or
 * EventSource would reconnect. Where there is no EventSource, or the stream refused, the
 * batch is re-read every few seconds instead.
 */
import { useCallback, useEffect, useState } from "react";
import { apiClient, type APIClient } from "@/lib/api";
import { isTerminalJobStatus } from "@/lib/batch/status";
import type { BatchControlResult, BatchDetails, BatchEventPayload, BatchItem } from "@/lib/batch/types";
import { fetchBatch } from "./batch-api";
import { browserEventSource, EVENT_SOURCE_CLOSED, messageJson, type EventSourceFactory } from "./event-source";

const byIndex = (a: BatchItem, b: BatchItem) => a.index - b.index;

function isBatchEventPayload(value: unknown): value is BatchEventPayload {
  if (value === null || typeof value !== "object") return false;
  const payload = value as Partial<BatchEventPayload>;
  return (
    typeof payload.job === "object" &&
    payload.job !== null &&
    typeof payload.progress === "object" &&
    payload.progress !== null &&
    Array.isArray(payload.items)
  );
}

/** The next state after one `batch` message: replaced when full, merged by item id otherwise. */
export function applyBatchEvent(current: BatchDetails, payload: BatchEventPayload): BatchDetails {
  if (payload.full) return { job: payload.job, progress: payload.progress, items: [...payload.items].sort(byIndex) };
  if (payload.items.length === 0) return { ...current, job: payload.job, progress: payload.progress };
  const changed = new Map(payload.items.map((item) => [item.id, item]));
  const items = current.items.map((item) => {
    const next = changed.get(item.id);
    if (!next) return item;
    changed.delete(item.id);
    return next;
  });
  // Items this client had not seen (a full message it missed): added in their place.
  if (changed.size > 0) items.push(...changed.values());
  return { job: payload.job, progress: payload.progress, items: changed.size > 0 ? items.sort(byIndex) : items };
}

export interface UseBatchEventsOptions {
  /** The server-rendered batch: shown at once, replaced by the stream's first message. */
  initial: BatchDetails;
  /** Opens the stream; the browser's EventSource by default, null to poll instead. */
  eventSource?: EventSourceFactory | null;
  /** Reads the batch when polling. */
  client?: APIClient;
  pollMs?: number;
}

export interface BatchEvents {
  details: BatchDetails;
  /** True while the stream is open and has answered. */
  connected: boolean;
  /** Take in a pause/resume/cancel answer at once (the stream confirms it a moment later). */
  applyControl: (result: BatchControlResult) => void;
  /** Replace the state (a re-read after a conflict). */
  replace: (details: BatchDetails) => void;
  /** Listen again after the batch reopened (Retry failed items): its stream had ended. */
  reopen: () => void;
}

export function eventsUrl(jobId: string): string {
  return `/api/batches/${encodeURIComponent(jobId)}/events`;
}

export function useBatchEvents({
  initial,
  eventSource,
  client = apiClient,
  pollMs = 3_000,
}: UseBatchEventsOptions): BatchEvents {
  const [details, setDetails] = useState<BatchDetails>(initial);
  const [connected, setConnected] = useState(false);
  // Whether to listen: not for a batch that is already over (its stream would only say `end`).
  const [live, setLive] = useState(() => !isTerminalJobStatus(initial.job.status));
  const [polling, setPolling] = useState(false);
  const jobId = initial.job.id;

  useEffect(() => {
    if (!live || polling) return;
    const factory = eventSource === undefined ? browserEventSource() : eventSource;
    if (!factory) {
      // Deferred: the effect only arranges the fallback; state changes happen outside it.
      const timer = setTimeout(() => setPolling(true), 0);
      return () => clearTimeout(timer);
    }
    const source = factory(eventsUrl(jobId));
    let closed = false;
    const close = () => {
      closed = true;
      source.close();
    };
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("batch", (event) => {
      const payload = messageJson(event);
      if (!isBatchEventPayload(payload)) return;
      setConnected(true);
      setDetails((current) => applyBatchEvent(current, payload));
    });
    source.addEventListener("end", () => {
      close();
      setConnected(false);
      setLive(false);
    });
    source.addEventListener("error", () => {
      if (closed) return;
      setConnected(false);
      // CONNECTING: EventSource retries by itself. CLOSED: it gave up (the route refused), so poll.
      if (source.readyState === EVENT_SOURCE_CLOSED) {
        close();
        setPolling(true);
      }
    });
    return close;
  }, [jobId, live, polling, eventSource]);

  useEffect(() => {
    if (!live || !polling) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      fetchBatch(client, jobId, controller.signal)
        .then((next) => {
          setDetails(next);
          if (isTerminalJobStatus(next.job.status)) setLive(false);
        })
        // A failed look is not an error worth a toast: the next one follows.
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) timer = setTimeout(poll, pollMs);
        });
    };
    timer = setTimeout(poll, pollMs);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, jobId, live, polling, pollMs]);

  const applyControl = useCallback((result: BatchControlResult) => {
    setDetails((current) =>
      current.job.id === result.jobId
        ? { ...current, job: { ...current.job, status: result.status, displayStatus: result.displayStatus } }
        : current,
    );
  }, []);

  const replace = useCallback((next: BatchDetails) => {
    setDetails(next);
    setLive(!isTerminalJobStatus(next.job.status));
  }, []);

  const reopen = useCallback(() => setLive(true), []);

  return { details, connected, applyControl, replace, reopen };
}
