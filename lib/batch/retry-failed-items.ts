import "server-only";
import { getDb } from "@/lib/db";
import { assertBatchQuotas, lockUserQuotas } from "@/lib/limits";
import type { Database } from "@/lib/db/types";
import { gone, notFound } from "@/lib/errors";
import { upsertCheckpointFromItems } from "./checkpoint";
import { toDisplayStatus } from "./status";
import type { BatchDisplayStatus, BatchJobStatus } from "./types";
import { isAnyWorkerAlive } from "./workers";

export interface RetryFailedResult {
  jobId: string;
  /** Failed items given a fresh set of attempts. */
  retried: number;
  status: BatchJobStatus;
  displayStatus: BatchDisplayStatus;
}

/**
 * "Retry failed items": every failed item becomes pending again with a fresh set of
 * config.batch.maxItemAttempts, and a finished batch reopens (with a checkpoint again): the server's
 * workers run the items like a new batch's. Completed items are untouched. 410 for a discarded batch.
 */
export async function retryFailedItems(input: {
  db?: Database;
  userId: string;
  jobId: string;
}): Promise<RetryFailedResult> {
  const db = input.db ?? (await getDb());
  const result = await db.transaction(async (tx) => {
    await lockUserQuotas(tx, input.userId);
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2",
      [input.jobId, input.userId],
    );
    if (!job) throw notFound("Batch", { jobId: input.jobId });
    if (job.status === "cancelled") throw gone("This batch was discarded; its items can no longer be retried.");

    // A finished batch that reopens counts towards the batches a user may run at once.
    if (job.status === "completed" || job.status === "completed_with_errors") {
      await assertBatchQuotas(tx, { userId: input.userId, newItems: 0, excludeJobId: input.jobId });
    }
    // Lock order: items, then checkpoint, then job.
    const retried = await tx.query(
      `update public.batch_items
          set status = 'pending', attempts = 0, last_error = null, lease_owner = null, lease_until = null, not_before = null
        where job_id = $1 and user_id = $2 and status = 'failed'
       returning id`,
      [input.jobId, input.userId],
    );
    if (retried.length === 0) return { jobId: input.jobId, retried: 0, status: job.status };

    await upsertCheckpointFromItems(tx, input.userId, input.jobId);
    const [reopened] = await tx.query<{ status: BatchJobStatus }>(
      `update public.batch_jobs
          set status = case when status in ('completed', 'completed_with_errors') then 'pending' else status end,
              completed_at = null
        where id = $1 and user_id = $2 and status <> 'cancelled'
       returning status`,
      [input.jobId, input.userId],
    );
    // Cancelled since it was read: roll the reopened items back with this error.
    if (!reopened) throw gone("This batch was discarded; its items can no longer be retried.");
    return { jobId: input.jobId, retried: retried.length, status: reopened.status };
  });
  return { ...result, displayStatus: toDisplayStatus(result.status, { workerAlive: await isAnyWorkerAlive(db) }) };
}
