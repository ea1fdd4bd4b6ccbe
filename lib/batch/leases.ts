import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { ErrorCode } from "@/lib/errors";
import { finishJobIfDone, recordCheckpoint } from "./job-progress";
import type { BatchJobStatus, ItemError } from "./types";

export interface RenewLeaseInput {
  db?: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  attempt: number;
  leaseMs?: number;
}

/**
 * Pushes one item's lease forward while its provider call runs. False means the lease is
 * gone (another attempt took the item over, the batch was reset or cancelled): stop and
 * save nothing. A paused batch keeps its in-flight items' leases: pause lets them finish.
 */
export async function renewLease(input: RenewLeaseInput): Promise<boolean> {
  const db = input.db ?? (await getDb());
  const rows = await db.query(
    `update public.batch_items
        set lease_until = greatest(lease_until, now() + $6::int * interval '1 millisecond')
      where id = $1 and job_id = $2 and user_id = $3
        and status = 'running' and lease_owner = $4 and attempts = $5::int
        and exists (select 1 from public.batch_jobs j where j.id = $2 and j.user_id = $3 and j.status in ('pending', 'running', 'paused'))
      returning id`,
    [input.itemId, input.jobId, input.userId, input.workerId, input.attempt, input.leaseMs ?? config.batch.leaseMs],
  );
  return rows.length > 0;
}

export interface FinalizeBatchInput {
  db?: Database;
  userId: string;
  jobId: string;
  maxAttempts?: number;
}

/**
 * Settles what no worker will settle any more: items left running by a worker that died on
 * their last attempt (lease expired, no attempts left) become failed, and the job is
 * completed when nothing is left to do. Workers call it from their settle sweep.
 * Returns the job's new status when this call completed it, else null.
 */
export async function finalizeBatch(input: FinalizeBatchInput): Promise<BatchJobStatus | null> {
  const db = input.db ?? (await getDb());
  const maxAttempts = input.maxAttempts ?? config.batch.maxItemAttempts;
  const abandoned: ItemError = {
    code: ErrorCode.NET_CONNECTION_FAILED,
    message: "The worker generating this item stopped before finishing, and the item has no attempts left.",
    retryable: false,
    at: new Date().toISOString(),
  };

  return db.transaction(async (tx) => {
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2",
      [input.jobId, input.userId],
    );
    if (!job || !["pending", "running", "paused"].includes(job.status)) return null;

    const swept = await tx.query(
      `update public.batch_items
          set status = 'failed', last_error = $3::jsonb, lease_owner = null, lease_until = null
        where job_id = $1 and user_id = $2
          and status = 'running' and lease_until < now() and attempts >= $4::int
       returning id`,
      [input.jobId, input.userId, JSON.stringify(abandoned), maxAttempts],
    );
    const counts = await recordCheckpoint(tx, {
      userId: input.userId,
      jobId: input.jobId,
      completedDelta: 0,
      failedDelta: swept.length,
    });
    return finishJobIfDone(tx, { userId: input.userId, jobId: input.jobId, counts, maxAttempts });
  });
}
