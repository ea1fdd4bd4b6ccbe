import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database, Transaction } from "@/lib/db/types";
import { ErrorCode, isAppError } from "@/lib/errors";
import { runnableItemSql } from "./item-predicates";
import { recordCheckpoint } from "./job-progress";
import { itemColumns, toBatchConfig, toItem, type ItemRow } from "./rows";
import type { BatchItemStatus } from "./processor";
import type { BatchConfig, BatchItem } from "./types";

export interface ClaimItemInput {
  db?: Database;
  userId: string;
  jobId: string;
  /** The worker that will generate the item (its lease owner). */
  workerId: string;
  /** Claim this item; without it, the next claimable item of the job (lowest index first). */
  itemId?: string;
  leaseMs?: number;
  maxAttempts?: number;
}

export interface ClaimedItem {
  userId: string;
  jobId: string;
  item: BatchItem;
  /**
   * The attempt number this claim started (the item's attempts after the claim). Completing
   * or failing the item requires it: a worker whose lease expired and was taken over by a
   * newer attempt can no longer write anything for the item, even with the same worker id.
   */
  attempt: number;
  previousStatus: BatchItemStatus;
  /** The job's config at the moment of the claim: what the item is generated with. */
  config: BatchConfig;
}

interface ClaimRow extends ItemRow {
  previous_status: BatchItemStatus;
}

/**
 * Claims one item inside the caller's transaction: ONE conditional UPDATE takes a runnable
 * item (runnableItemSql) of a queued or running job and sets it running under the worker's
 * lease with attempts + 1. Concurrent claimers skip rows another transaction is claiming
 * (FOR UPDATE SKIP LOCKED), so each claim wins a different item or none. Returns null when
 * nothing (or not that item) can be claimed.
 *
 * In the same transaction: a retried failure leaves the checkpoint's failed counter, and the
 * job becomes running (started_at set at its first claim, last_claimed_at for fairness).
 * Lock order: batch_items -> batch_checkpoints -> batch_jobs, as every batch transaction.
 */
export async function claimItemInTransaction(
  tx: Transaction,
  input: Omit<ClaimItemInput, "db">,
): Promise<ClaimedItem | null> {
  // A pause or cancel may commit between reading the job and updating it: then this claim
  // is undone alone (the caller's transaction, holding the budget lock, goes on).
  await tx.query("savepoint claim_item");
  try {
    const claimed = await claimOrNull(tx, input);
    await tx.query(claimed ? "release savepoint claim_item" : "rollback to savepoint claim_item");
    return claimed;
  } catch (error) {
    if (isAppError(error) && error.code === ErrorCode.GONE) {
      await tx.query("rollback to savepoint claim_item");
      return null;
    }
    throw error;
  }
}

async function claimOrNull(tx: Transaction, input: Omit<ClaimItemInput, "db">): Promise<ClaimedItem | null> {
  const maxAttempts = input.maxAttempts ?? config.batch.maxItemAttempts;
  const leaseMs = input.leaseMs ?? config.batch.leaseMs;
  const [row] = await tx.query<ClaimRow>(
    `with target as (
       select i.id, i.status as previous_status
         from public.batch_items i
         join public.batch_jobs j on j.id = i.job_id and j.user_id = i.user_id
        where i.job_id = $1 and i.user_id = $2
          and ($3::uuid is null or i.id = $3::uuid)
          and j.status in ('pending', 'running')
          and ${runnableItemSql("i", "$4::int")}
        order by i.item_index
        limit 1
        for update of i skip locked
     )
     update public.batch_items i
        set status = 'running',
            lease_owner = $5,
            lease_until = now() + $6::int * interval '1 millisecond',
            attempts = i.attempts + 1,
            not_before = null
       from target
      where i.id = target.id
     returning ${itemColumns("i")}, target.previous_status`,
    [input.jobId, input.userId, input.itemId ?? null, maxAttempts, input.workerId, leaseMs],
  );
  if (!row) return null;

  if (row.previous_status === "failed") {
    await recordCheckpoint(tx, { userId: input.userId, jobId: input.jobId, completedDelta: 0, failedDelta: -1 });
  }
  const [job] = await tx.query<{ config: unknown }>(
    `update public.batch_jobs
        set status = 'running', started_at = coalesce(started_at, now()), last_claimed_at = clock_timestamp()
      where id = $1 and user_id = $2 and status in ('pending', 'running')
     returning config`,
    [input.jobId, input.userId],
  );
  // Paused or cancelled since the item was read: the caller rolls this claim back.
  if (!job) return null;
  return {
    userId: input.userId,
    jobId: input.jobId,
    item: toItem(row, maxAttempts),
    attempt: Number(row.attempts),
    previousStatus: row.previous_status,
    config: toBatchConfig(job?.config),
  };
}

/**
 * claimItemInTransaction in a transaction of its own, outside the provider budget.
 * @internal For tests, which drive one item at a time; the worker claims through claim-next.
 */
export async function claimItem(input: ClaimItemInput): Promise<ClaimedItem | null> {
  const db = input.db ?? (await getDb());
  return db.transaction((tx) => claimItemInTransaction(tx, input));
}
