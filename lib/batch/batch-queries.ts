import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database, Queryable } from "@/lib/db/types";
import { notFound } from "@/lib/errors";
import { calculateProgress, progressFromCounts } from "./processor";
import { JOB_COLUMNS, itemColumns, toItem, toJob, type ItemRow, type JobRow } from "./rows";
import type { BatchDetails, BatchJobSummary } from "./types";
import { isAnyWorkerAlive } from "./workers";

export const BATCH_LIST_LIMIT = 50;

interface SummaryRow extends JobRow {
  checkpoint_completed: number | null;
  checkpoint_failed: number | null;
}

/**
 * The user's batches, newest first. Counters come from the live checkpoint while a batch
 * is open and from the job's final counters once it is finished or discarded.
 */
export async function listBatches(input: {
  db?: Queryable;
  userId: string;
  limit?: number;
  /** Only queued, running and paused batches (the header's live indicator). */
  openOnly?: boolean;
}): Promise<BatchJobSummary[]> {
  const db = input.db ?? (await getDb());
  const workerAlive = await isAnyWorkerAlive(db);
  const rows = await db.query<SummaryRow>(
    `select ${JOB_COLUMNS},
            c.completed_count as checkpoint_completed, c.failed_count as checkpoint_failed
       from public.batch_jobs j
       left join public.batch_checkpoints c on c.job_id = j.id and c.user_id = j.user_id
      where j.user_id = $1 and (not $3::boolean or j.status in ('pending', 'running', 'paused'))
      order by j.created_at desc, j.id desc
      limit $2::int`,
    [input.userId, input.limit ?? BATCH_LIST_LIMIT, input.openOnly === true],
  );
  return rows.map((row) => {
    const job = toJob(row, workerAlive);
    const completed = Number(row.checkpoint_completed ?? row.completed_count);
    const failed = Number(row.checkpoint_failed ?? row.failed_count);
    return {
      id: job.id,
      name: job.name,
      status: job.status,
      displayStatus: job.displayStatus,
      totalItems: job.totalItems,
      completedItems: completed,
      failedItems: failed,
      progress: progressFromCounts({ totalItems: job.totalItems, completed, failed }),
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      startedAt: job.startedAt,
    };
  });
}

/** One batch with its items in order and progress counted from the items themselves. 404 when not the user's. */
export async function getBatch(input: { db?: Database; userId: string; jobId: string }): Promise<BatchDetails> {
  const db = input.db ?? (await getDb());
  // One snapshot, so the job's status and its items never disagree mid-completion.
  return db.transaction(
    async (tx) => {
      const [jobRow] = await tx.query<JobRow>(
        `select ${JOB_COLUMNS} from public.batch_jobs j where j.id = $1 and j.user_id = $2`,
        [input.jobId, input.userId],
      );
      if (!jobRow) throw notFound("Batch", { jobId: input.jobId });
      const itemRows = await tx.query<ItemRow>(
        `select ${itemColumns()} from public.batch_items where job_id = $1 and user_id = $2 order by item_index`,
        [input.jobId, input.userId],
      );
      const job = toJob(jobRow, await isAnyWorkerAlive(tx));
      const items = itemRows.map((row) => toItem(row, config.batch.maxItemAttempts));
      return { job, progress: calculateProgress(items, job.totalItems), items };
    },
    { isolationLevel: "repeatable read" },
  );
}
