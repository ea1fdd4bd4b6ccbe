/**
 * The browser's calls to the batch routes. Each takes the APIClient to use, so components and
 * tests pass theirs; the app passes `apiClient`. Generation itself runs on the server: the
 * browser only creates, steers and watches batches (live updates come over Server-Sent
 * Events, see use-batch-events.ts).
 */
import type { APIClient } from "@/lib/api";
import type { BatchConfigInput, CreateBatchInput } from "@/lib/batch/schemas";
import { APIError } from "@/lib/errors";
import type {
  BatchCheckpoint,
  BatchControlResult,
  BatchDetails,
  BatchJobStatus,
  CreateBatchResult,
} from "@/lib/batch/types";

const batchPath = (jobId: string) => `/api/batches/${encodeURIComponent(jobId)}`;

/** Creates the batch and starts it on the server: nothing else from the browser is needed for it to finish. */
export function createBatch(client: APIClient, input: CreateBatchInput): Promise<CreateBatchResult> {
  // Never retried: a lost answer must not create the batch twice.
  return client.post<CreateBatchResult>("/api/batches", input, { retry: false });
}

export function fetchBatch(client: APIClient, jobId: string, signal?: AbortSignal): Promise<BatchDetails> {
  return client.get<BatchDetails>(batchPath(jobId), { signal });
}

export function updateBatchConfig(client: APIClient, jobId: string, config: BatchConfigInput): Promise<unknown> {
  return client.patch<unknown>(batchPath(jobId), { config }, { retry: false });
}

export function discardBatch(client: APIClient, jobId: string): Promise<void> {
  // DELETE is safe to repeat: a second discard finds nothing left to remove.
  return client.delete<void>(`${batchPath(jobId)}/checkpoint`, { idempotent: true });
}

/*
 * Pause, resume and cancel set a state rather than toggle one, so sending one twice (a retry
 * after a lost answer) ends where sending it once does.
 */

/** Items already with the generator finish; no new ones start. */
export function pauseBatch(client: APIClient, jobId: string): Promise<BatchControlResult> {
  return client.post<BatchControlResult>(`${batchPath(jobId)}/pause`, undefined, { idempotent: true });
}

/** A paused or interrupted batch is picked up again by the server's workers. */
export function resumeBatch(client: APIClient, jobId: string): Promise<BatchControlResult> {
  return client.post<BatchControlResult>(`${batchPath(jobId)}/resume`, undefined, { idempotent: true });
}

/** Pending items are never generated; conversations already made stay. */
export function cancelBatch(client: APIClient, jobId: string): Promise<BatchControlResult> {
  return client.post<BatchControlResult>(`${batchPath(jobId)}/cancel`, undefined, { idempotent: true });
}

/** The checkpoint with its failures (what a resume will retry); null when the batch has none. */
export async function fetchCheckpoint(
  client: APIClient,
  jobId: string,
  signal?: AbortSignal,
): Promise<BatchCheckpoint | null> {
  try {
    return await client.get<BatchCheckpoint>(`${batchPath(jobId)}/checkpoint`, { signal });
  } catch (error) {
    if (error instanceof APIError && error.status === 404) return null;
    throw error;
  }
}

export interface RetryFailedResult {
  jobId: string;
  retried: number;
  status: BatchJobStatus;
}

/** "Retry failed items": every failed item gets a fresh set of attempts, the batch reopens and the server runs them. */
export function retryFailedItems(client: APIClient, jobId: string): Promise<RetryFailedResult> {
  return client.post<RetryFailedResult>(`${batchPath(jobId)}/retry`, undefined, { idempotent: true });
}
