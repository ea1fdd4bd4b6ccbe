import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database, Queryable, Transaction } from "@/lib/db/types";
import { progressFromCounts, type BatchCheckpoint, type CheckpointFailure } from "./processor";
import { exhaustedItemSql } from "./item-predicates";
import { iso, toBatchConfig, toConfigHistory } from "./rows";
import { OPEN_JOB_STATUSES, toDisplayStatus } from "./status";
import type { BatchJobStatus, IncompleteBatch } from "./types";
import { isAnyWorkerAlive } from "./workers";

/*
 * The seed's checkpoint API (saveCheckpoint, loadCheckpoint, getIncompleteCheckpoints),
 * kept for its callers but built on rows:
 * per-item state lives in batch_items and the checkpoint row holds only counters. Saving
 * progress after an item is completeItem/failItem's O(1) counter update; nothing here
 * rewrites a list of ids.
 */

export type { BatchCheckpoint } from "./processor";

const OPEN_STATUSES: readonly BatchJobStatus[] = OPEN_JOB_STATUSES;

/**
 * Sets the job's checkpoint counters from its items (insert or update). The checkpoint row
 * is locked first: every item outcome takes that lock before committing, so the recount
 * sees every outcome committed before it and none can slip in between count and write.
 */
export async function upsertCheckpointFromItems(tx: Transaction, userId: string, jobId: string): Promise<void> {
  await tx.query("select 1 from public.batch_checkpoints where job_id = $1 and user_id = $2 for update", [
    jobId,
    userId,
  ]);
  await tx.query(
    `insert into public.batch_checkpoints
       (job_id, user_id, total_items, completed_count, failed_count, progress_percentage, last_checkpoint_at)
     select j.id, j.user_id, j.total_items, c.completed, c.failed,
            least(100, floor((c.completed + c.failed) * 100.0 / greatest(j.total_items, 1))), now()
       from public.batch_jobs j
       cross join lateral (
         select count(*) filter (where i.status = 'completed')::int as completed,
                count(*) filter (where i.status = 'failed')::int as failed
           from public.batch_items i
          where i.job_id = j.id and i.user_id = j.user_id
       ) c
      where j.id = $1 and j.user_id = $2
     on conflict (job_id) do update
       set completed_count = excluded.completed_count,
           failed_count = excluded.failed_count,
           progress_percentage = excluded.progress_percentage,
           last_checkpoint_at = excluded.last_checkpoint_at`,
    [jobId, userId],
  );
}

/**
 * Re-derives an open job's checkpoint from its items (a repair tool: operators, tests).
 * Normal progress never needs it. Returns the checkpoint, or null when the job is finished,
 * discarded or not the user's.
 * @internal Nothing in the app calls it; tests use it to check the recount.
 */
export async function saveCheckpoint(input: {
  db?: Database;
  userId: string;
  jobId: string;
}): Promise<BatchCheckpoint | null> {
  const db = input.db ?? (await getDb());
  const open = await db.transaction(async (tx) => {
    const [job] = await tx.query<{ status: BatchJobStatus }>(
      "select status from public.batch_jobs where id = $1 and user_id = $2",
      [input.jobId, input.userId],
    );
    if (!job || !OPEN_STATUSES.includes(job.status)) return false;
    await upsertCheckpointFromItems(tx, input.userId, input.jobId);
    return true;
  });
  return open ? loadCheckpoint({ db, userId: input.userId, jobId: input.jobId }) : null;
}

interface CheckpointRow extends Record<string, unknown> {
  id: string;
  job_id: string;
  total_items: number;
  completed_count: number;
  failed_count: number;
  last_checkpoint_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

interface OutcomeRow extends Record<string, unknown> {
  id: string;
  status: "completed" | "failed";
  attempts: number;
  last_error: { message?: unknown; at?: unknown; code?: unknown; retryable?: unknown } | null;
  updated_at: Date | string;
}

/** The checkpoint in the shape docs/http-contract.md gives, or null when the job has none (finished, discarded, not the user's). */
export async function loadCheckpoint(input: {
  db?: Database;
  userId: string;
  jobId: string;
}): Promise<BatchCheckpoint | null> {
  const db = input.db ?? (await getDb());
  const maxAttempts = config.batch.maxItemAttempts;
  return db.transaction(
    async (tx) => {
      const [row] = await tx.query<CheckpointRow>(
        `select id, job_id, total_items, completed_count, failed_count, last_checkpoint_at, created_at, updated_at
           from public.batch_checkpoints where job_id = $1 and user_id = $2`,
        [input.jobId, input.userId],
      );
      if (!row) return null;
      const outcomes = await tx.query<OutcomeRow>(
        `select id, status, attempts, last_error, updated_at from public.batch_items
          where job_id = $1 and user_id = $2 and status in ('completed', 'failed')
          order by item_index`,
        [input.jobId, input.userId],
      );
      const failedItems: CheckpointFailure[] = outcomes
        .filter((item) => item.status === "failed")
        .map((item) => ({
          itemId: item.id,
          error:
            typeof item.last_error?.message === "string" ? item.last_error.message : "The item could not be generated.",
          timestamp: typeof item.last_error?.at === "string" ? item.last_error.at : iso(item.updated_at),
          ...(typeof item.last_error?.code === "string" ? { code: item.last_error.code } : {}),
          attempts: Number(item.attempts),
          // The engine retries only errors retrying can fix, and only while attempts remain.
          willRetry: item.last_error?.retryable === true && Number(item.attempts) < maxAttempts,
        }));
      const progress = progressFromCounts({
        totalItems: Number(row.total_items),
        completed: Number(row.completed_count),
        failed: Number(row.failed_count),
      });
      return {
        id: row.id,
        jobId: row.job_id,
        totalItems: progress.totalItems,
        completedItems: outcomes.filter((item) => item.status === "completed").map((item) => item.id),
        failedItems,
        progressPercentage: progress.progressPercentage,
        lastCheckpointAt: iso(row.last_checkpoint_at),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      };
    },
    { isolationLevel: "repeatable read" },
  );
}

interface IncompleteRow extends Record<string, unknown> {
  name: string;
  status: BatchJobStatus;
  config: unknown;
  config_history: unknown;
  checkpoint_id: string | null;
  job_id: string;
  total_items: number;
  completed_count: number;
  failed_count: number;
  retryable_failed: number;
  exhausted_failed: number;
  last_checkpoint_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Finished batches with failed items stay offered for "Retry failed items" this long. */
const FINISHED_WITH_FAILURES_WINDOW = "7 days";

/**
 * The user's batches that need a person, most recently active first: what the resume
 * dialog offers. A paused batch waits for Resume; a batch with items failed past the retry
 * cap (open, or finished "with failures" in the last week) waits for "Retry failed items".
 * Batches the server is simply running are not listed: they need nobody.
 */
export async function getIncompleteCheckpoints(input: { db?: Queryable; userId: string }): Promise<IncompleteBatch[]> {
  const db = input.db ?? (await getDb());
  const workerAlive = await isAnyWorkerAlive(db);
  const rows = await db.query<IncompleteRow>(
    `with candidates as (
       select j.id, j.user_id, j.name, j.status, j.config, j.config_history, j.total_items,
              j.created_at, j.updated_at,
              c.id as checkpoint_id,
              coalesce(c.completed_count, j.completed_count) as completed_count,
              coalesce(c.failed_count, j.failed_count) as failed_count,
              coalesce(c.last_checkpoint_at, j.completed_at, j.updated_at) as last_checkpoint_at,
              (select count(*)::int from public.batch_items i
                where i.job_id = j.id and i.user_id = j.user_id and ${exhaustedItemSql("i", "$2::int")}) as exhausted_failed,
              (select count(*)::int from public.batch_items i
                where i.job_id = j.id and i.user_id = j.user_id and i.status = 'failed'
                  and not ${exhaustedItemSql("i", "$2::int")}) as retryable_failed
         from public.batch_jobs j
         left join public.batch_checkpoints c on c.job_id = j.id and c.user_id = j.user_id
        where j.user_id = $1
          and (j.status in ('pending', 'running', 'paused')
               or (j.status = 'completed_with_errors' and j.completed_at > now() - interval '${FINISHED_WITH_FAILURES_WINDOW}'))
     )
     select id as job_id, * from candidates
      where status = 'paused' or exhausted_failed > 0
      order by last_checkpoint_at desc, id`,
    [input.userId, config.batch.maxItemAttempts],
  );
  return rows.map((row) => {
    const progress = progressFromCounts({
      totalItems: Number(row.total_items),
      completed: Number(row.completed_count),
      failed: Number(row.failed_count),
    });
    const history = toConfigHistory(row.config_history);
    const last = history.at(-1);
    return {
      checkpointId: row.checkpoint_id,
      jobId: row.job_id,
      name: row.name,
      status: row.status,
      displayStatus: toDisplayStatus(row.status, { workerAlive }),
      reason: row.status === "paused" ? "paused" : "failed_items",
      progress,
      retryableFailedItems: Number(row.retryable_failed),
      exhaustedFailedItems: Number(row.exhausted_failed),
      config: toBatchConfig(row.config),
      previousConfig: last ? last.config : null,
      configHistory: history,
      lastCheckpointAt: iso(row.last_checkpoint_at),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  });
}
