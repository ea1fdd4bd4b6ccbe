import "server-only";
import type { Database } from "@/lib/db/types";
import { finalizeBatch } from "../leases";
import { unfinishedItemSql } from "../item-predicates";
import type { BatchJobStatus } from "../types";

/**
 * Settles what no item outcome will settle: a cancelled batch's item left leased by a dead
 * worker goes back to pending; in open jobs, a dead worker's last attempts (lease
 * expired, no attempts left) become failed, and a job with nothing left to do completes
 * (e.g. when its last items failed with errors the engine does not retry by itself).
 * Returns the jobs it finished.
 */
export async function settleOpenJobs(
  db: Database,
  maxAttempts: number,
): Promise<{ jobId: string; status: BatchJobStatus }[]> {
  // A cancelled batch's item whose worker died mid-call: nobody will hand it back.
  await db.query(
    `update public.batch_items i
        set status = 'pending', attempts = greatest(i.attempts - 1, 0), lease_owner = null, lease_until = null
       from public.batch_jobs j
      where j.id = i.job_id and j.user_id = i.user_id and j.status = 'cancelled'
        and i.status = 'running' and i.lease_until < now()`,
  );
  const candidates = await db.query<{ id: string; user_id: string }>(
    `select j.id, j.user_id
       from public.batch_jobs j
      where j.status in ('pending', 'running', 'paused')
        and (
          not exists (select 1 from public.batch_items i
                       where i.job_id = j.id and i.user_id = j.user_id and ${unfinishedItemSql("i", "$1::int")})
          or exists (select 1 from public.batch_items i
                      where i.job_id = j.id and i.user_id = j.user_id
                        and i.status = 'running' and i.lease_until < now() and i.attempts >= $1::int))
      limit 100`,
    [maxAttempts],
  );
  const finished: { jobId: string; status: BatchJobStatus }[] = [];
  for (const job of candidates) {
    const status = await finalizeBatch({ db, userId: job.user_id, jobId: job.id, maxAttempts });
    if (status) finished.push({ jobId: job.id, status });
  }
  return finished;
}
