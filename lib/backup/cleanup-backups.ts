import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";

/** Any fixed number unique to this job; taken with pg_try_advisory_xact_lock by every chunk. */
const CLEANUP_LOCK_KEY = 4_711_202_611;

export interface CleanupInput {
  db?: Database;
  /** Backups that expired at or before this instant are removed (default: now). */
  now?: Date;
  /** Backups deleted per transaction (default config.cleanup.backupChunkSize). */
  chunkSize?: number;
  /** Transactions per run at most (default config.cleanup.maxBackupChunksPerRun). */
  maxChunks?: number;
}

export interface CleanupResult {
  /** Expired backups this run removed (with their parts). */
  removed: number;
  /** Expired backups still there for the next run (0 once the backlog is gone). */
  remaining: number;
  /** Set when another run held the lock, so this one removed nothing. */
  skipped?: "already running";
}

/**
 * Removes backups past their retention period, with their parts (they cascade), in chunks:
 * one transaction per `chunkSize` backups and at most `maxChunks` per run, so a large
 * backlog never becomes one huge transaction that times out and rolls everything back. What
 * is left is reported as `remaining` and goes on the next run.
 *
 * Each chunk takes an advisory lock first. A second run started while a chunk is in progress
 * answers { removed: 0, remaining, skipped: "already running" } at once; a run that loses
 * the lock between chunks stops there (the other run carries on). Even without the lock each
 * backup would be removed once (the DELETE's row locks), the lock keeps the answers honest.
 */
export async function cleanupExpiredBackups(input: CleanupInput = {}): Promise<CleanupResult> {
  const db = input.db ?? (await getDb());
  const now = input.now ?? new Date();
  const chunkSize = input.chunkSize ?? config.cleanup.backupChunkSize;
  const maxChunks = input.maxChunks ?? config.cleanup.maxBackupChunksPerRun;

  let removed = 0;
  let skipped = false;
  for (let chunk = 0; chunk < maxChunks; chunk += 1) {
    const deleted = await db.transaction(async (tx): Promise<number | "locked"> => {
      const [lock] = await tx.query<{ locked: boolean }>("select pg_try_advisory_xact_lock($1::bigint) as locked", [
        CLEANUP_LOCK_KEY,
      ]);
      if (!lock?.locked) return "locked";
      const rows = await tx.query<{ backup_id: string }>(
        `delete from public.backup_exports
          where id in (
            select id from public.backup_exports
             where expires_at <= $1::timestamptz
             order by expires_at, id
             limit $2::int
          )
          returning backup_id`,
        [now, chunkSize],
      );
      return rows.length;
    });
    if (deleted === "locked") {
      skipped = chunk === 0;
      break;
    }
    removed += deleted;
    if (deleted < chunkSize) break;
  }

  const [left] = await db.query<{ n: number }>(
    "select count(*)::int as n from public.backup_exports where expires_at <= $1::timestamptz",
    [now],
  );
  const remaining = left?.n ?? 0;
  return skipped ? { removed: 0, remaining, skipped: "already running" } : { removed, remaining };
}
