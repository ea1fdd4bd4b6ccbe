import "server-only";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";

/** Any fixed number unique to this job; taken with pg_try_advisory_xact_lock. */
const CLEANUP_LOCK_KEY = 4_711_202_611;

export interface CleanupInput {
  db?: Database;
  /** Backups that expired at or before this instant are removed (default: now). */
  now?: Date;
}

export type CleanupResult = { removed: number; skipped?: undefined } | { removed: 0; skipped: "already running" };

/**
 * Removes every backup past its retention period, with its parts (they cascade), in one
 * transaction. Two runs at once (a cron retry overlapping the first run) do not both work:
 * the second finds the advisory lock taken and returns { removed: 0, skipped: "already running" }
 * at once instead of waiting. Even without the lock each backup would be removed once (the
 * DELETE's row locks), the lock just keeps the second run cheap and its answer honest.
 */
export async function cleanupExpiredBackups(input: CleanupInput = {}): Promise<CleanupResult> {
  const db = input.db ?? (await getDb());
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<CleanupResult> => {
    const [lock] = await tx.query<{ locked: boolean }>("select pg_try_advisory_xact_lock($1::bigint) as locked", [
      CLEANUP_LOCK_KEY,
    ]);
    if (!lock?.locked) return { removed: 0, skipped: "already running" };
    const removed = await tx.query<{ backup_id: string }>(
      `delete from public.backup_exports where expires_at <= $1::timestamptz returning backup_id`,
      [now],
    );
    return { removed: removed.length };
  });
}
