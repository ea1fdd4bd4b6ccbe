import "server-only";
import type { Transaction } from "@/lib/db/types";

/*
 * One provider budget for the whole deployment, kept in PostgreSQL: at most `ratePerMinute`
 * calls started in any rate window and `maxInFlight` calls at once, across every process and
 * every batch. Every claim takes a transaction-scoped advisory lock first, so the check and
 * the claim that spends the budget are one atomic step for all workers (transaction-scoped:
 * behind a transaction-mode pooler a session lock could outlive its connection).
 */

/** pg_advisory_xact_lock key of the budget (any constant no other lock of the app uses). */
export const BUDGET_LOCK_KEY = 7_236_450_419_557_000;

export interface ProviderBudget {
  ratePerMinute: number;
  maxInFlight: number;
  /** The sliding window the rate is counted in (a little over a minute: config.batch.rateWindowMs). */
  windowMs: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; reason: "blocked" | "rate" | "in_flight"; waitMs: number };

interface BudgetRow extends Record<string, unknown> {
  blocked_ms: number | null;
  calls: number;
  oldest_expires_ms: number | null;
  in_flight: number;
}

/** Takes the budget lock for the rest of the transaction. */
export async function lockBudget(tx: Transaction): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${BUDGET_LOCK_KEY})`);
}

/**
 * Whether one more call may start now, under the budget lock. In flight means live leases:
 * an item is leased from its claim until its outcome is saved, so a crashed worker's calls
 * keep counting until their leases run out (never fewer than the provider may still see).
 */
export async function checkBudget(tx: Transaction, budget: ProviderBudget): Promise<BudgetVerdict> {
  const [row] = await tx.query<BudgetRow>(
    `select
       (select extract(epoch from (blocked_until - clock_timestamp())) * 1000
          from public.generation_budget where id and blocked_until > clock_timestamp()) as blocked_ms,
       (select count(*)::int from public.generation_calls
         where called_at > clock_timestamp() - $1::int * interval '1 millisecond') as calls,
       (select extract(epoch from (min(called_at) + $1::int * interval '1 millisecond' - clock_timestamp())) * 1000
          from public.generation_calls
         where called_at > clock_timestamp() - $1::int * interval '1 millisecond') as oldest_expires_ms,
       (select count(*)::int from public.batch_items
         where status = 'running' and lease_until > clock_timestamp()) as in_flight`,
    [budget.windowMs],
  );
  if (!row) return { ok: true };
  if (row.blocked_ms !== null && Number(row.blocked_ms) > 0) {
    return { ok: false, reason: "blocked", waitMs: Math.ceil(Number(row.blocked_ms)) };
  }
  if (Number(row.calls) >= budget.ratePerMinute) {
    return { ok: false, reason: "rate", waitMs: Math.max(1, Math.ceil(Number(row.oldest_expires_ms ?? 0))) };
  }
  if (Number(row.in_flight) >= budget.maxInFlight) return { ok: false, reason: "in_flight", waitMs: 0 };
  return { ok: true };
}

/** Spends one call of the budget (the claim that follows in the same transaction starts it). */
export async function recordCall(tx: Transaction, budget: ProviderBudget): Promise<void> {
  await tx.query("insert into public.generation_calls default values");
  // Calls older than the window no longer count: forget them (indexed, a few rows each time).
  await tx.query(
    "delete from public.generation_calls where called_at < clock_timestamp() - $1::int * interval '2 millisecond'",
    [budget.windowMs],
  );
}
