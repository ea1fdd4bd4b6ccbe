/**
 * The browser's calls to the batch routes (DESIGN.md, "Batches and checkpoints"). Each takes
 * the APIClient to use, so components and tests pass theirs; the app passes `apiClient`.
 */
import type { APIClient } from "@/lib/api";
import { RUNNER_ID_HEADER, type BatchConfigInput, type CreateBatchInput } from "@/lib/batch/schemas";
import { APIError } from "@/lib/errors";
import type {
  BatchCheckpoint,
  BatchDetails,
  BatchItem,
  CreateBatchResult,
  GenerateItemResult,
} from "@/lib/batch/types";
import type { RetryAttemptInfo } from "@/lib/api";

const batchPath = (jobId: string) => `/api/batches/${encodeURIComponent(jobId)}`;

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

export interface GenerateItemOptions {
  runnerId: string;
  signal?: AbortSignal;
  /** Retries after a retryable failure; each one uses one of the item's server-side attempts. */
  retries: number;
  onRetry?: (info: RetryAttemptInfo) => void;
}

export function generateItem(
  client: APIClient,
  jobId: string,
  item: Pick<BatchItem, "id">,
  { runnerId, signal, retries, onRetry }: GenerateItemOptions,
): Promise<GenerateItemResult> {
  return client.post<GenerateItemResult>(`${batchPath(jobId)}/items/${encodeURIComponent(item.id)}/generate`, undefined, {
    signal,
    // Exactly-once on the server: a repeated call returns the finished item, never a second conversation.
    idempotent: true,
    retry: retries,
    onRetry,
    headers: { [RUNNER_ID_HEADER]: runnerId },
  });
}

export function sendHeartbeat(client: APIClient, jobId: string, runnerId: string, signal?: AbortSignal): Promise<void> {
  return client.post<void>(`${batchPath(jobId)}/heartbeat`, { runnerId }, {
    signal,
    retry: false,
    headers: { [RUNNER_ID_HEADER]: runnerId },
  });
}

/** The runner stopped on purpose (pause, end of run): other tabs stop seeing it as "running elsewhere" at once. */
export function releaseRunner(client: APIClient, jobId: string, runnerId: string): Promise<void> {
  return client.delete<void>(`${batchPath(jobId)}/heartbeat`, { retry: false, headers: { [RUNNER_ID_HEADER]: runnerId } });
}

/** The checkpoint with its failures (what a resume will retry); null when the batch has none. */
export async function fetchCheckpoint(client: APIClient, jobId: string, signal?: AbortSignal): Promise<BatchCheckpoint | null> {
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
}

/** "Retry failed items": every failed item gets a fresh set of attempts and the batch reopens. */
export function retryFailedItems(client: APIClient, jobId: string): Promise<RetryFailedResult> {
  return client.post<RetryFailedResult>(`${batchPath(jobId)}/retry`, undefined, { idempotent: true });
}
