import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { conflict, gone, notFound } from "@/lib/errors";
import { assertBatchQuotas, lockUserQuotas } from "@/lib/limits";
import { discardBatch } from "./discard-batch";
import { isOpenJobStatus, toDisplayStatus, type BatchJobStatus } from "./status";
import type { BatchControlResult } from "./types";
import { isAnyWorkerAlive } from "./workers";

interface ControlInput {
  db?: Database;
  userId: string;
  jobId: string;
}

async function result(db: Database, jobId: string, status: BatchJobStatus): Promise<BatchControlResult> {
  return { jobId, status, displayStatus: toDisplayStatus(status, { workerAlive: await isAnyWorkerAlive(db) }) };
}

function refuseFinished(status: BatchJobStatus, action: string): void {
  if (status === "cancelled") throw gone(`This batch was cancelled; it can no longer be ${action}.`, { status });
  if (!isOpenJobStatus(status)) {
    throw conflict(`This batch is already finished; there is nothing to ${action === "paused" ? "pause" : "resume"}.`, {
      status,
    });
  }
}

/**
 * Pause: no worker claims another item of the batch; items in flight finish and are saved
 * (their leases stay valid while paused). Pausing a paused batch is a no-op. 409 once
 * finished, 410 once cancelled.
 */
export async function pauseBatch(input: ControlInput): Promise<BatchControlResult> {
  const db = input.db ?? (await getDb());
  const status = await db.transaction(async (tx) => {
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2 for no key update",
      [input.jobId, input.userId],
    );
    if (!job) throw notFound("Batch", { jobId: input.jobId });
    refuseFinished(job.status, "paused");
    await tx.query("update public.batch_jobs set status = 'paused' where id = $1 and user_id = $2", [
      input.jobId,
      input.userId,
    ]);
    return "paused" as const;
  });
  return result(db, input.jobId, status);
}

/**
 * Resume: a paused batch runs again (queued until a worker claims its next item; running if
 * it had started). An interrupted one needs nothing but a live worker, so resuming it only
 * wakes the engine. 409 once finished ("Retry failed items" reopens those), 410 once cancelled.
 */
export async function resumeBatch(input: ControlInput): Promise<BatchControlResult> {
  const db = input.db ?? (await getDb());
  const status = await db.transaction(async (tx) => {
    await lockUserQuotas(tx, input.userId);
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2 for no key update",
      [input.jobId, input.userId],
    );
    if (!job) throw notFound("Batch", { jobId: input.jobId });
    refuseFinished(job.status, "resumed");
    if (job.status !== "paused") return job.status;
    // Running again counts towards the batches a user may run at once.
    await assertBatchQuotas(tx, { userId: input.userId, newItems: 0, excludeJobId: input.jobId });
    const [row] = await tx.query<{ status: BatchJobStatus }>(
      `update public.batch_jobs
          set status = case when started_at is null then 'pending' else 'running' end
        where id = $1 and user_id = $2
       returning status`,
      [input.jobId, input.userId],
    );
    return row?.status ?? job.status;
  });
  return result(db, input.jobId, status);
}

/**
 * Cancel: the batch ends as cancelled; pending items are never generated, conversations
 * already saved stay, and an item in flight saves nothing (its completion finds the
 * checkpoint gone). The same as discarding it from the resume dialog. Cancelling twice is
 * fine; 409 once finished.
 */
export async function cancelBatch(input: ControlInput): Promise<BatchControlResult> {
  const db = input.db ?? (await getDb());
  await discardBatch({ db, userId: input.userId, jobId: input.jobId });
  return result(db, input.jobId, "cancelled");
}
