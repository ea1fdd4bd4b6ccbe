import "server-only";
import type { Database, Transaction } from "@/lib/db/types";
import { claimItemInTransaction, type ClaimedItem } from "../claim-item";
import { runnableItemSql } from "../item-predicates";
import { checkBudget, lockBudget, recordCall, type ProviderBudget } from "../provider-budget";

export interface ClaimNextInput {
  db: Database;
  workerId: string;
  leaseMs: number;
  maxAttempts: number;
  budget: ProviderBudget;
  /** Claim up to this many items in the one transaction (the worker's free slots). Default 1. */
  max?: number;
}

export type ClaimNextResult =
  | { kind: "claimed"; claims: ClaimedItem[] }
  /** The budget says not yet: look again after waitMs (0: when a call in flight ends). */
  | { kind: "wait"; reason: "blocked" | "rate" | "in_flight"; waitMs: number }
  /** Nothing runnable anywhere right now. `nextAtMs`: when a parked item becomes runnable, if any. */
  | { kind: "idle"; nextInMs: number | null };

/**
 * The worker's one step: under the budget lock, check the deployment's budget, pick the
 * runnable job served least recently (any user's: the worker serves the deployment), claim
 * its next item and spend one call, all in one transaction. A crash anywhere in it leaves
 * nothing claimed and nothing spent. With `max` > 1 it repeats that (budget check included)
 * for the worker's free slots under the same lock: fewer lock hand-offs between processes.
 */
export async function claimNextItem(input: ClaimNextInput): Promise<ClaimNextResult> {
  return input.db.transaction(async (tx) => {
    await lockBudget(tx);
    const claims: ClaimedItem[] = [];
    const max = Math.max(1, input.max ?? 1);
    while (claims.length < max) {
      const verdict = await checkBudget(tx, input.budget);
      if (!verdict.ok) {
        if (claims.length > 0) return { kind: "claimed", claims };
        return { kind: "wait", reason: verdict.reason, waitMs: verdict.waitMs };
      }
      const claim = await claimFromLeastServedJob(tx, input);
      if (!claim) break;
      await recordCall(tx, input.budget);
      claims.push(claim);
    }
    if (claims.length > 0) return { kind: "claimed", claims };

    // Nothing now: when does the earliest parked item (rate limit, retry backoff) come due?
    const [next] = await tx.query<{ in_ms: number | null }>(
      `select extract(epoch from (min(i.not_before) - now())) * 1000 as in_ms
         from public.batch_items i
         join public.batch_jobs j on j.id = i.job_id and j.user_id = i.user_id
        where j.status in ('pending', 'running') and i.not_before > now()
          and i.status in ('pending', 'failed')`,
    );
    const inMs = next?.in_ms === null || next?.in_ms === undefined ? null : Math.max(0, Math.ceil(Number(next.in_ms)));
    return { kind: "idle", nextInMs: inMs };
  });
}

/** The next item of the runnable job served least recently (claiming stamps it as served). */
async function claimFromLeastServedJob(tx: Transaction, input: ClaimNextInput): Promise<ClaimedItem | null> {
  const jobs = await tx.query<{ id: string; user_id: string }>(
    `select j.id, j.user_id
       from public.batch_jobs j
      where j.status in ('pending', 'running')
        and exists (select 1 from public.batch_items i
                     where i.job_id = j.id and i.user_id = j.user_id and ${runnableItemSql("i", "$1::int")})
      order by j.last_claimed_at asc nulls first, j.created_at, j.id
      limit 3`,
    [input.maxAttempts],
  );
  for (const job of jobs) {
    const claim = await claimItemInTransaction(tx, {
      userId: job.user_id,
      jobId: job.id,
      workerId: input.workerId,
      leaseMs: input.leaseMs,
      maxAttempts: input.maxAttempts,
    });
    if (claim) return claim;
  }
  return null;
}
