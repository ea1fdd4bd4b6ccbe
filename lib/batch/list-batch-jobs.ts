import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";

export type BatchJobStatus =
  | "pending"
  | "running"
  | "paused"
  | "completed"
  | "completed_with_errors"
  | "cancelled"
  | "failed";

export interface BatchJobSummary {
  id: string;
  name: string;
  status: BatchJobStatus;
  totalItems: number;
  /** From the job's checkpoint; 0 before the first item is saved. */
  completedItems: number;
  failedItems: number;
  createdAt: string;
}

interface BatchJobRow extends Record<string, unknown> {
  id: string;
  name: string;
  status: BatchJobStatus;
  total_items: number | string;
  completed_count: number | string;
  failed_count: number | string;
  created_at: Date | string;
}

export const BATCH_JOB_LIST_LIMIT = 50;

/** The user's batch jobs, newest first, with the counters their checkpoint holds. */
export async function listBatchJobs({
  db,
  userId,
  limit = BATCH_JOB_LIST_LIMIT,
}: {
  db?: Queryable;
  userId: string;
  limit?: number;
}): Promise<BatchJobSummary[]> {
  const queryable = db ?? (await getDb());
  // A job gets its checkpoint when it starts; before that the left join yields no counters.
  const rows = await queryable.query<BatchJobRow>(
    `select j.id, j.name, j.status, j.total_items,
            coalesce(c.completed_count, 0) as completed_count,
            coalesce(c.failed_count, 0) as failed_count,
            j.created_at
       from public.batch_jobs j
       left join public.batch_checkpoints c on c.job_id = j.id and c.user_id = j.user_id
      where j.user_id = $1
      order by j.created_at desc, j.id desc
      limit $2`,
    [userId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    totalItems: Number(row.total_items),
    completedItems: Number(row.completed_count),
    failedItems: Number(row.failed_count),
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
