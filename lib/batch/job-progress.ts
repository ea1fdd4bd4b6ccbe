import "server-only";
import type { Transaction } from "@/lib/db/types";
import { gone } from "@/lib/errors";
import { unfinishedItemSql } from "./item-predicates";
import type { BatchJobStatus } from "./types";

/*
 * The two steps every item outcome ends with, inside the outcome's own transaction:
 * bump the checkpoint's counters (O(1): one row, no arrays), then, when nothing is left to
 * do, complete the job and remove its checkpoint.
 *
 * Lock order, shared by every batch transaction so none can deadlock another:
 * batch_items -> batch_checkpoints -> batch_jobs.
 */

export interface CheckpointCounts {
  totalItems: number;
  completed: number;
  failed: number;
}

interface CountsRow extends Record<string, unknown> {
  total_items: number;
  completed_count: number;
  failed_count: number;
}

/**
 * Adds to the checkpoint's counters and stamps last_checkpoint_at. Throws 410 when the
 * checkpoint is gone: the batch was discarded while the item was being generated, and the
 * caller's transaction must roll back (nothing of the item is written).
 *
 * The row lock this takes also serialises the "is anything left?" check that follows: two
 * runners finishing the last two items cannot both miss each other's outcome.
 */
export async function recordCheckpoint(
  tx: Transaction,
  input: { userId: string; jobId: string; completedDelta: number; failedDelta: number },
): Promise<CheckpointCounts> {
  const [row] = await tx.query<CountsRow>(
    `update public.batch_checkpoints
        set completed_count = completed_count + $3::int,
            failed_count = failed_count + $4::int,
            progress_percentage = least(100, floor((completed_count + $3::int + failed_count + $4::int) * 100.0
                                                   / greatest(total_items, 1))),
            last_checkpoint_at = now()
      where job_id = $1 and user_id = $2
      returning total_items, completed_count, failed_count`,
    [input.jobId, input.userId, input.completedDelta, input.failedDelta],
  );
  if (!row) throw gone("This batch was discarded; its items are no longer generated.", { jobId: input.jobId });
  return {
    totalItems: Number(row.total_items),
    completed: Number(row.completed_count),
    failed: Number(row.failed_count),
  };
}

/**
 * Completes the job when no item has work left (see unfinishedItemSql): status
 * completed (or completed_with_errors), final counters kept on the job, checkpoint row
 * deleted. Returns the new status, or null while work remains.
 *
 * The check seeks the (job_id, status) index for the few unfinished rows; completed items
 * are never scanned, so it costs the same at item 10,000 as at item 100.
 */
export async function finishJobIfDone(
  tx: Transaction,
  input: { userId: string; jobId: string; counts: CheckpointCounts; maxAttempts: number },
): Promise<BatchJobStatus | null> {
  const [check] = await tx.query<{ remaining: boolean }>(
    `select exists (
       select 1 from public.batch_items i
        where i.job_id = $1 and i.user_id = $2 and ${unfinishedItemSql("i", "$3::int")}
     ) as remaining`,
    [input.jobId, input.userId, input.maxAttempts],
  );
  if (check?.remaining !== false) return null;

  const [job] = await tx.query<{ status: BatchJobStatus }>(
    `update public.batch_jobs
        set status = case when $3::int > 0 then 'completed_with_errors' else 'completed' end,
            completed_at = now(), completed_count = $4::int, failed_count = $3::int
      where id = $1 and user_id = $2 and status in ('pending', 'running', 'paused')
      returning status`,
    [input.jobId, input.userId, input.counts.failed, input.counts.completed],
  );
  await tx.query("delete from public.batch_checkpoints where job_id = $1 and user_id = $2", [
    input.jobId,
    input.userId,
  ]);
  return job?.status ?? null;
}
