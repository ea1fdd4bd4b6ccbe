import "server-only";
import { cleanupExpiredBackups, type CleanupResult } from "@/lib/backup/cleanup-backups";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { serverEnv } from "@/lib/env";
import { pruneExpiredRateLimitWindows } from "@/lib/limits/rate-limit";

/*
 * The deployment's daily housekeeping, in one function run by both schedulers: the Vercel
 * cron (GET /api/cron/cleanup-backups) and, on long-lived deployments, every worker process's
 * daily timer. Every step is bounded and idempotent, so two runs at once or a run cut short
 * only leave work for the next one.
 */

export interface DailyCleanupInput {
  db?: Database;
  /** The instant retention is measured from (default now). */
  now?: Date;
  /** Days error_logs rows are kept (default ERROR_LOG_RETENTION_DAYS). */
  errorLogRetentionDays?: number;
  /** Overrides for the bounded chunks (tests; defaults in config.cleanup). */
  backupChunkSize?: number;
  maxBackupChunks?: number;
  errorLogChunkSize?: number;
  maxErrorLogChunks?: number;
}

export interface DailyCleanupResult extends CleanupResult {
  /** Rows removed besides the expired backups (`removed` / `remaining` above). */
  pruned: {
    /** error_logs rows older than the retention. */
    errorLogs: number;
    /** batch_workers rows of workers dead for over an hour. */
    batchWorkers: number;
    /** Rate-limit counters whose window is over. */
    rateLimitWindows: number;
    exportRequests: number;
  };
}

/** Expired backups (chunked), old error reports, dead worker rows and finished rate-limit windows. */
export async function runDailyCleanup(input: DailyCleanupInput = {}): Promise<DailyCleanupResult> {
  const db = input.db ?? (await getDb());
  const now = input.now ?? new Date();
  const backups = await cleanupExpiredBackups({
    db,
    now,
    chunkSize: input.backupChunkSize,
    maxChunks: input.maxBackupChunks,
  });
  const errorLogs = await pruneErrorLogs({
    db,
    before: new Date(
      now.getTime() - (input.errorLogRetentionDays ?? serverEnv().ERROR_LOG_RETENTION_DAYS) * 86_400_000,
    ),
    chunkSize: input.errorLogChunkSize ?? config.cleanup.errorLogChunkSize,
    maxChunks: input.maxErrorLogChunks ?? config.cleanup.maxErrorLogChunksPerRun,
  });
  const workers = await db.query<{ id: string }>(
    "delete from public.batch_workers where heartbeat_until < $1::timestamptz returning id",
    [new Date(now.getTime() - config.cleanup.deadWorkerAgeMs)],
  );
  const rateLimitWindows = await pruneExpiredRateLimitWindows({ db });
  // Prepared downloads answer 410 for a day after they expire, then go.
  const exportRequests = await db.query<{ id: string }>(
    "delete from public.export_requests where expires_at < $1::timestamptz returning id",
    [new Date(now.getTime() - config.exports.expiredRetentionMs)],
  );
  // PGlite has no autovacuum: refresh the planner's statistics so keyset pages stay on their indexes.
  if (db.engine === "pglite") await db.exec("analyze");
  return {
    ...backups,
    pruned: { errorLogs, batchWorkers: workers.length, rateLimitWindows, exportRequests: exportRequests.length },
  };
}

/** Deletes error_logs rows created before `before`, `chunkSize` rows per statement. */
async function pruneErrorLogs(input: {
  db: Database;
  before: Date;
  chunkSize: number;
  maxChunks: number;
}): Promise<number> {
  let removed = 0;
  for (let chunk = 0; chunk < input.maxChunks; chunk += 1) {
    const rows = await input.db.query<{ id: string }>(
      `delete from public.error_logs
        where id in (select id from public.error_logs where created_at < $1::timestamptz limit $2::int)
        returning id`,
      [input.before, input.chunkSize],
    );
    removed += rows.length;
    if (rows.length < input.chunkSize) break;
  }
  return removed;
}
