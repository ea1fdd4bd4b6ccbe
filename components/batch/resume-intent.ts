/**
 * Hands "resume this batch" from the resume dialog (mounted in the root layout) to the
 * batch page it navigates to. Kept in memory on purpose: a reload forgets it, so a reloaded
 * page never starts generating on its own; the dialog asks again instead.
 */
import { useSyncExternalStore } from "react";

let pendingJobId: string | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function requestResume(jobId: string): void {
  pendingJobId = jobId;
  emit();
}

/** Clears the request once the batch page has started its runner. */
export function clearResumeRequest(jobId: string): void {
  if (pendingJobId !== jobId) return;
  pendingJobId = null;
  emit();
}

export function peekResumeRequest(): string | null {
  return pendingJobId;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a resume of `jobId` is waiting to be picked up (re-renders when that changes). */
export function useResumeRequested(jobId: string): boolean {
  const pending = useSyncExternalStore(subscribe, peekResumeRequest, () => null);
  return pending === jobId;
}
