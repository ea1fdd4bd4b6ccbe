"use client";

/**
 * The user's open batches, live from GET /api/batches/events (`event: batches`, an
 * OpenBatchesPayload on every change). One EventSource per tab, however many components
 * listen (the header's indicator, the batches table): it opens with the first listener and
 * closes with the last.
 */
import { useSyncExternalStore } from "react";
import type { BatchJobSummary, OpenBatchesPayload } from "@/lib/batch/types";
import { browserEventSource, messageJson, type EventSourceFactory, type EventSourceLike } from "./event-source";

export const OPEN_BATCHES_EVENTS_URL = "/api/batches/events";

let snapshot: readonly BatchJobSummary[] | null = null;
let source: EventSourceLike | null = null;
let factoryOverride: EventSourceFactory | null | undefined;
const listeners = new Set<() => void>();

function isPayload(value: unknown): value is OpenBatchesPayload {
  return value !== null && typeof value === "object" && Array.isArray((value as Partial<OpenBatchesPayload>).batches);
}

function emit(): void {
  for (const listener of listeners) listener();
}

function connect(): void {
  const factory = factoryOverride === undefined ? browserEventSource() : factoryOverride;
  if (!factory) return;
  const opened = factory(OPEN_BATCHES_EVENTS_URL);
  source = opened;
  opened.addEventListener("batches", (event) => {
    const payload = messageJson(event);
    if (!isPayload(payload) || source !== opened) return;
    snapshot = payload.batches;
    emit();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!source) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || !source) return;
    source.close();
    source = null;
    // A later listener starts from the stream's next message, not from an old list.
    snapshot = null;
  };
}

/** The open batches (queued, running, paused, interrupted), newest first; null until the stream first answers. */
export function useOpenBatches(): readonly BatchJobSummary[] | null {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => null,
  );
}

/**
 * The EventSource to use (undefined restores the browser's). Closes any open stream.
 * @internal For tests, which stream from a fake.
 */
export function setOpenBatchesEventSource(factory: EventSourceFactory | null | undefined): void {
  source?.close();
  source = null;
  snapshot = null;
  factoryOverride = factory;
}
