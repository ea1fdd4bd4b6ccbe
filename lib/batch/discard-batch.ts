import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { conflict, notFound } from "@/lib/errors";
import type { BatchJobStatus } from "./types";

/**
 * "Discard" in the resume dialog: the job is cancelled and its checkpoint removed, so it is
 * no longer offered for resuming. Conversations already generated stay; pending items are
 * never generated. An item in flight keeps its lease (the provider budget still counts its
 * call) until its worker's next renewal finds the batch cancelled, stops the call and hands
 * the item back; its save would find the checkpoint gone and write nothing.
 * Discarding twice is fine; discarding a finished batch is a 409.
 */
export async function discardBatch(input: { db?: Database; userId: string; jobId: string }): Promise<void> {
  const db = input.db ?? (await getDb());
  await db.transaction(async (tx) => {
    // Checkpoint before job: the lock order every batch transaction follows. The job row is
    // locked FOR NO KEY UPDATE, not FOR UPDATE: an item completion in flight already holds
    // FOR KEY SHARE on it (its conversation's foreign key) and is about to wait for the
    // checkpoint we hold; FOR UPDATE would wait for it back, and Postgres kills one as a deadlock.
    const [checkpoint] = await tx.query<{ completed_count: number; failed_count: number }>(
      "delete from public.batch_checkpoints where job_id = $1 and user_id = $2 returning completed_count, failed_count",
      [input.jobId, input.userId],
    );
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2 for no key update",
      [input.jobId, input.userId],
    );
    if (!job) throw notFound("Batch", { jobId: input.jobId });
    if (job.status === "cancelled") return;
    if (job.status === "completed" || job.status === "completed_with_errors") {
      throw conflict("This batch is already finished; there is nothing to discard.", { status: job.status });
    }
    await tx.query(
      `update public.batch_jobs
          set status = 'cancelled', completed_count = $3::int, failed_count = $4::int
        where id = $1 and user_id = $2`,
      [input.jobId, input.userId, checkpoint?.completed_count ?? 0, checkpoint?.failed_count ?? 0],
    );
  });
}
