import "server-only";
import type { Database } from "@/lib/db/types";
import type { ItemError } from "./types";

export interface ParkItemInput {
  db: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  attempt: number;
  /** What the provider answered (a rate limit), as shown on the item while it waits. */
  itemError: ItemError;
  /** How long the provider asked everyone to wait. */
  retryAfterMs: number;
}

/**
 * A provider 429: the item goes back to pending, not before the Retry-After, and the attempt
 * is given back (being told to wait is not a failure of the item). In the same transaction
 * the deployment's budget is blocked until then, so no worker of any process starts another
 * call before the provider is ready. Writes nothing when the lease was lost. True when parked.
 */
export async function parkRateLimitedItem(input: ParkItemInput): Promise<boolean> {
  return input.db.transaction(async (tx) => {
    const parked = await tx.query(
      `update public.batch_items
          set status = 'pending', attempts = greatest(attempts - 1, 0), last_error = $1::jsonb,
              lease_owner = null, lease_until = null,
              not_before = now() + $7::int * interval '1 millisecond'
        where id = $2 and job_id = $3 and user_id = $4
          and status = 'running' and lease_owner = $5 and attempts = $6::int
       returning id`,
      [
        JSON.stringify(input.itemError),
        input.itemId,
        input.jobId,
        input.userId,
        input.workerId,
        input.attempt,
        input.retryAfterMs,
      ],
    );
    if (parked.length === 0) return false;
    await tx.query(
      `update public.generation_budget
          set blocked_until = greatest(coalesce(blocked_until, now()), now() + $1::int * interval '1 millisecond')
        where id`,
      [input.retryAfterMs],
    );
    return true;
  });
}

/**
 * A worker shutting down hands its unfinished items back: pending again, the interrupted
 * attempt given back, so another worker (or this one after a restart) takes them at once
 * instead of waiting for the leases to run out. Only items still leased to this worker.
 */
export async function releaseWorkerItems(db: Database, workerId: string): Promise<number> {
  const released = await db.query(
    `update public.batch_items
        set status = 'pending', attempts = greatest(attempts - 1, 0), lease_owner = null, lease_until = null
      where status = 'running' and lease_owner = $1
     returning id`,
    [workerId],
  );
  return released.length;
}

/**
 * Hands one item back that its worker stopped generating (the batch was cancelled, or the
 * lease could not be renewed): pending again, the attempt returned. Fenced by lease owner and
 * attempt, so an item another worker has taken over since is left alone. True when released.
 */
export async function releaseItem(input: {
  db: Database;
  userId: string;
  jobId: string;
  itemId: string;
  workerId: string;
  attempt: number;
}): Promise<boolean> {
  const released = await input.db.query(
    `update public.batch_items
        set status = 'pending', attempts = greatest(attempts - 1, 0), lease_owner = null, lease_until = null
      where id = $1 and job_id = $2 and user_id = $3
        and status = 'running' and lease_owner = $4 and attempts = $5::int
     returning id`,
    [input.itemId, input.jobId, input.userId, input.workerId, input.attempt],
  );
  return released.length > 0;
}
