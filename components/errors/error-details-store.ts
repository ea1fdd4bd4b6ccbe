/**
 * Which error the details modal shows, as a tiny module-level store. It lives outside React
 * so that non-React code (the NotificationManager's "View details" buttons, error boundaries,
 * the batch summary) can open the modal with one call; <ErrorDetailsHost /> reads it through
 * useSyncExternalStore.
 */
import type { AppError } from "@/lib/errors";
import { toDisplayError } from "./to-display-error";

export interface ErrorDetailsRequest {
  method: string;
  url: string;
  body?: unknown;
}

export interface ErrorDetailsResponse {
  status: number;
  body?: unknown;
}

export interface ErrorDetailsExtra {
  /** The failed API call, when there was one (sanitized before it is shown). */
  request?: ErrorDetailsRequest;
  response?: ErrorDetailsResponse;
  /** What the error is about, in a few words ("Batch item 3"), shown as the modal's subtitle. */
  subject?: string;
  batchId?: string;
  itemId?: string;
}

export interface ErrorDetailsEntry {
  /** Changes on every open so the modal resets its search and tab state. */
  key: number;
  /** Normalized once here: the timestamp is the error's own (AppError.timestamp), not the opening time. */
  error: AppError;
  extra: ErrorDetailsExtra;
  /** What had focus when the modal was opened; focus goes back there on close. */
  opener: HTMLElement | null;
}

export type ErrorDetailsSnapshot = ErrorDetailsEntry | null;

type Listener = () => void;

let current: ErrorDetailsSnapshot = null;
let nextKey = 1;
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of Array.from(listeners)) listener();
}

function activeElement(): HTMLElement | null {
  if (typeof document === "undefined") return null;
  const element = document.activeElement;
  return element instanceof HTMLElement && element !== document.body ? element : null;
}

/** Opens (or replaces) the error-details modal for `error`. Safe to call from anywhere, even on the server (no-op effect). */
export function openErrorDetails(error: unknown, extra: ErrorDetailsExtra = {}): void {
  // A second open while one is showing keeps the first opener: focus returns to where the user started.
  const opener = current?.opener ?? activeElement();
  current = { key: nextKey++, error: toDisplayError(error), extra, opener };
  emit();
}

export function closeErrorDetails(): void {
  if (current === null) return;
  current = null;
  emit();
}

export function subscribeErrorDetails(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getErrorDetailsSnapshot(): ErrorDetailsSnapshot {
  return current;
}

/** The server has no modal open; a stable value keeps hydration consistent. */
export function getServerErrorDetailsSnapshot(): ErrorDetailsSnapshot {
  return null;
}
