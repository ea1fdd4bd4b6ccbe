import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { recordCheckpoint } from "./job-progress";
import { itemColumns, toItem, type ItemRow } from "./rows";
import type { BatchItemStatus } from "./processor";
import type { BatchItem } from "./types";

export interface ClaimItemInput {
  db?: Database;
  userId: string;
  jobId: string;
  /** The runner (tab or process) that will generate the item. */
  runnerId: string;
  /** Claim this item; without it, the next claimable item of the job (lowest index first). */
  itemId?: string;
  leaseMs?: number;
  runnerTtlMs?: number;
  maxAttempts?: number;
}

export interface ClaimedItem {
  item: BatchItem;
  /**
   * The attempt number this claim started (the item's attempts after the claim). Completing
   * or failing the item requires it: a runner whose lease expired and was taken over by a
   * newer attempt can no longer write anything for the item, even with the same runner id.
   */
  attempt: number;
  previousStatus: BatchItemStatus;
}

interface ClaimRow extends ItemRow {
  previous_status: BatchItemStatus;
}

/**
 * Claims one item for a runner: ONE conditional UPDATE takes a pending item, a failed one
 * with attempts left, or a running one whose lease has expired, and sets it running under
 * this runner's lease with attempts + 1. Concurrent claimers skip rows another transaction
 * is claiming (FOR UPDATE SKIP LOCKED), so each claim wins a different item or none.
 * Returns null when nothing (or not that item) can be claimed.
 *
 * In the same transaction: a retried failure leaves the checkpoint's failed counter, the
 * job becomes running, and the runner's heartbeat row is refreshed ("running elsewhere").
 */
export async function claimItem(input: ClaimItemInput): Promise<ClaimedItem | null> {
  const db = input.db ?? (await getDb());
  const maxAttempts = input.maxAttempts ?? config.batch.maxItemAttempts;
  const leaseMs = input.leaseMs ?? config.batch.leaseMs;
  const runnerTtlMs = input.runnerTtlMs ?? config.batch.runnerTtlMs;

  return db.transaction(async (tx) => {
    const [row] = await tx.query<ClaimRow>(
      `with target as (
         select i.id, i.status as previous_status
           from public.batch_items i
           join public.batch_jobs j on j.id = i.job_id and j.user_id = i.user_id
          where i.job_id = $1 and i.user_id = $2
            and ($3::uuid is null or i.id = $3::uuid)
            and j.status in ('pending', 'running', 'paused')
            and (i.status = 'pending'
                 or (i.status = 'failed' and i.attempts < $4::int)
                 or (i.status = 'running' and i.lease_until < now() and i.attempts < $4::int))
          order by i.item_index
          limit 1
          for update of i skip locked
       )
       update public.batch_items i
          set status = 'running',
              lease_owner = $5,
              lease_until = now() + $6::int * interval '1 millisecond',
              attempts = i.attempts + 1
         from target
        where i.id = target.id
       returning ${itemColumns("i")}, target.previous_status`,
      [input.jobId, input.userId, input.itemId ?? null, maxAttempts, input.runnerId, leaseMs],
    );
    if (!row) return null;

    if (row.previous_status === "failed") {
      await recordCheckpoint(tx, { userId: input.userId, jobId: input.jobId, completedDelta: 0, failedDelta: -1 });
    }
    await tx.query(
      // A paused job is resumable (the resume dialog offers it): its first claim restarts it.
      "update public.batch_jobs set status = 'running' where id = $1 and user_id = $2 and status in ('pending', 'paused')",
      [input.jobId, input.userId],
    );
    await tx.query(
      `insert into public.batch_runners (job_id, runner_id, user_id, heartbeat_until)
       values ($1, $2, $3, now() + $4::int * interval '1 millisecond')
       on conflict (job_id, runner_id) do update
         set heartbeat_until = greatest(public.batch_runners.heartbeat_until, excluded.heartbeat_until)`,
      [input.jobId, input.runnerId, input.userId, runnerTtlMs],
    );

    return { item: toItem(row, maxAttempts), attempt: Number(row.attempts), previousStatus: row.previous_status };
  });
}
