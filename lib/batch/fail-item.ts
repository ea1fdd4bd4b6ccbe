import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import {
  APIError,
  GenerationError,
  errorLogger,
  getUserMessage,
  isRetryable,
  toAppError,
  type AppError,
} from "@/lib/errors";
import { lostLease } from "./complete-item";
import { finishJobIfDone, recordCheckpoint } from "./job-progress";
import { itemColumns, toItem, type ItemRow } from "./rows";
import type { BatchItem, BatchJobStatus, ItemError } from "./types";

export interface FailItemInput {
  db?: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  /** The attempt number claimItem returned. */
  attempt: number;
  /** What the attempt failed with (anything thrown); classified and sanitized here. */
  error: unknown;
  /** A retryable failure is not retried before this many ms from now (the retry backoff). */
  retryDelayMs?: number;
  maxAttempts?: number;
}

export interface FailedItem {
  item: BatchItem;
  /** The classified error (what a route answers with). */
  error: AppError;
  /** The engine retries the item by itself (attempts left and a retryable error). */
  willRetry: boolean;
  jobStatus: BatchJobStatus | null;
}

/**
 * What is stored in batch_items.last_error and shown in the UI: the code, a sentence built
 * from it (never provider or database text), whether retrying can help, and the errorId
 * under which the full error is in the server log.
 */
export function toItemError(error: AppError): ItemError {
  const itemError: ItemError = {
    code: error.code,
    message: getUserMessage(error),
    retryable: isRetryable(error),
    at: new Date().toISOString(),
    errorId: error.errorId,
  };
  const retryAfter = error instanceof GenerationError || error instanceof APIError ? error.retryAfter : undefined;
  if (retryAfter !== undefined) itemError.retryAfter = retryAfter;
  return itemError;
}

/**
 * Records a failed attempt in ONE transaction: the item failed with its classified error
 * and no lease (only if still running under this worker's lease and attempt), the
 * checkpoint's failed counter, and the job's completion when this was the last open item.
 * A lost lease throws 409 and a discarded batch 410, writing nothing.
 */
export async function failItem(input: FailItemInput): Promise<FailedItem> {
  const db = input.db ?? (await getDb());
  const maxAttempts = input.maxAttempts ?? config.batch.maxItemAttempts;
  const error = toAppError(input.error);
  const itemError = toItemError(error);
  errorLogger.warn(error, { jobId: input.jobId, itemId: input.itemId, attempt: input.attempt, errorId: error.errorId });

  return db.transaction(async (tx) => {
    const [itemRow] = await tx.query<ItemRow>(
      `update public.batch_items
          set status = 'failed', last_error = $1::jsonb, lease_owner = null, lease_until = null,
              not_before = case when $7::int > 0 then now() + $7::int * interval '1 millisecond' end
        where id = $2 and job_id = $3 and user_id = $4
          and status = 'running' and lease_owner = $5 and attempts = $6::int
       returning ${itemColumns()}`,
      [
        JSON.stringify(itemError),
        input.itemId,
        input.jobId,
        input.userId,
        input.workerId,
        input.attempt,
        // Only an item the engine will retry waits for one; an exhausted one waits for nobody.
        itemError.retryable && input.attempt < maxAttempts ? Math.max(0, Math.round(input.retryDelayMs ?? 0)) : 0,
      ],
    );
    if (!itemRow) throw lostLease(input.itemId, input.attempt);

    const counts = await recordCheckpoint(tx, {
      userId: input.userId,
      jobId: input.jobId,
      completedDelta: 0,
      failedDelta: 1,
    });
    const jobStatus = await finishJobIfDone(tx, { userId: input.userId, jobId: input.jobId, counts, maxAttempts });
    const item = toItem(itemRow, maxAttempts);
    return { item, error, willRetry: itemError.retryable && item.attempts < maxAttempts, jobStatus };
  });
}
