import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Read once by lib/env on first use: set before any route runs.
const CRON_SECRET = vi.hoisted(() => {
  const secret = "test-cron-secret-cleanup-0123456789";
  process.env.CRON_SECRET = secret;
  return secret;
});

import { GET as cronRoute } from "@/app/api/cron/cleanup-backups/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { createBackup } from "@/lib/backup";
import { cleanupExpiredBackups } from "@/lib/backup/cleanup-backups";
import { setDatabaseForTesting } from "@/lib/db";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { runDailyCleanup } from "@/lib/maintenance/daily-cleanup";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { expireBackup, seedConversations } from "./support";

/*
 * Issue 9, findings 3 and 13: the daily clean-up (Vercel cron and every worker's daily
 * timer) deletes expired backups in bounded chunks and reports what is left, and prunes old
 * error reports, dead worker rows and finished rate-limit windows, on the engine of this run.
 */

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

async function expiredBackups(count: number): Promise<string[]> {
  const ids = await seedConversations(db, LOCAL_USER_ID, 1, 1);
  const created: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const backup = await createBackup({ db, userId: LOCAL_USER_ID, conversationIds: ids });
    await expireBackup(db, backup.backupId);
    created.push(backup.backupId);
  }
  return created;
}

async function left(backupIds: string[]): Promise<string[]> {
  const rows = await db.query<{ backup_id: string }>(
    "select backup_id from public.backup_exports where backup_id = any($1::text[]) order by backup_id",
    [backupIds],
  );
  return rows.map((row) => row.backup_id);
}

async function count(sql: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql);
  return row?.n ?? 0;
}

describe("cleanupExpiredBackups in chunks", () => {
  beforeEach(async () => {
    await db.query("delete from public.backup_exports");
  });

  it("removes at most chunkSize x maxChunks per run and reports the rest as remaining", async () => {
    const created = await expiredBackups(5);
    expect(await cleanupExpiredBackups({ db, chunkSize: 2, maxChunks: 2 })).toEqual({ removed: 4, remaining: 1 });
    expect(await left(created)).toHaveLength(1);
    expect(await cleanupExpiredBackups({ db, chunkSize: 2, maxChunks: 2 })).toEqual({ removed: 1, remaining: 0 });
    expect(await left(created)).toEqual([]);
  });

  it("commits each chunk on its own: a failure in a later chunk keeps the earlier chunks' work", async () => {
    const created = await expiredBackups(4);
    // Oldest expiry first: make the last one (deleted in the second chunk) impossible to delete.
    const [last] = await db.query<{ backup_id: string }>(
      "select backup_id from public.backup_exports where backup_id = any($1::text[]) order by expires_at desc, id desc limit 1",
      [created],
    );
    await db.exec(`
      create function public.test_refuse_delete() returns trigger language plpgsql as $$
      begin
        if old.backup_id = '${last?.backup_id}' then raise exception 'refused by the test'; end if;
        return old;
      end $$;
      create trigger test_refuse_delete before delete on public.backup_exports
        for each row execute function public.test_refuse_delete();
    `);
    try {
      await expect(cleanupExpiredBackups({ db, chunkSize: 2, maxChunks: 10 })).rejects.toThrow();
      // The first chunk (2 backups) stayed deleted; only the failed chunk rolled back.
      expect(await left(created)).toHaveLength(2);
    } finally {
      await db.exec(
        "drop trigger test_refuse_delete on public.backup_exports; drop function public.test_refuse_delete();",
      );
    }
    expect(await cleanupExpiredBackups({ db, chunkSize: 2 })).toEqual({ removed: 2, remaining: 0 });
  });
});

describe("runDailyCleanup", () => {
  beforeEach(async () => {
    await db.query("delete from public.error_logs");
    await db.query("delete from public.batch_workers");
    await db.query("delete from public.rate_limit_counters");
  });

  async function seedHousekeeping(): Promise<void> {
    await db.query(
      `insert into public.error_logs (error_id, level, message, created_at) values
         ('err_old_1', 'error', 'old', now() - interval '31 days'),
         ('err_old_2', 'warn', 'old', now() - interval '45 days'),
         ('err_fresh', 'error', 'fresh', now() - interval '29 days'),
         ('err_today', 'error', 'today', now())`,
    );
    await db.query(
      `insert into public.batch_workers (id, hostname, pid, kind, heartbeat_until) values
         ('dead-for-hours', 'h1', 1, 'loop', now() - interval '3 hours'),
         ('dead-for-minutes', 'h2', 2, 'drive', now() - interval '10 minutes'),
         ('alive', 'h3', 3, 'loop', now() + interval '15 seconds')`,
    );
    // (The limiter prunes finished windows itself when a window starts: count first, then age one.)
    await consumeRateLimit({ db, bucket: "test:current", limit: 5, windowMs: 60_000 });
    await db.query(
      `insert into public.rate_limit_counters (bucket, window_ms, window_start, expires_at, count) values
         ('test:over', 60000, now() - interval '2 minutes', now() - interval '1 minute', 5)`,
    );
    // A prepared download expired two days ago goes; one expired an hour ago still answers 410.
    await db.query(
      `insert into public.export_requests (user_id, spec, file_name, created_at, expires_at) values
         (gen_random_uuid(), '{}'::jsonb, 'old.jsonl', now() - interval '49 hours', now() - interval '2 days'),
         (gen_random_uuid(), '{}'::jsonb, 'recent.jsonl', now() - interval '2 hours', now() - interval '1 hour')`,
    );
  }

  it("prunes error reports past the retention, workers dead for over an hour and finished rate-limit windows; fresh rows stay", async () => {
    await seedHousekeeping();
    const result = await runDailyCleanup({ db, errorLogRetentionDays: 30 });
    expect(result).toMatchObject({
      removed: 0,
      remaining: 0,
      pruned: { errorLogs: 2, batchWorkers: 1, rateLimitWindows: 1, exportRequests: 1 },
    });
    expect(await db.query("select file_name from public.export_requests")).toEqual([{ file_name: "recent.jsonl" }]);
    const logs = await db.query<{ error_id: string }>("select error_id from public.error_logs order by error_id");
    expect(logs.map((row) => row.error_id)).toEqual(["err_fresh", "err_today"]);
    const workers = await db.query<{ id: string }>("select id from public.batch_workers order by id");
    expect(workers.map((row) => row.id)).toEqual(["alive", "dead-for-minutes"]);
    const buckets = await db.query<{ bucket: string }>("select bucket from public.rate_limit_counters");
    expect(buckets.map((row) => row.bucket)).toEqual(["test:current"]);
  });

  it("honours the retention setting and deletes error logs in bounded statements", async () => {
    await db.query(
      `insert into public.error_logs (error_id, level, message, created_at)
       select 'err_' || n, 'info', 'old', now() - interval '10 days' from generate_series(1, 7) as n`,
    );
    expect((await runDailyCleanup({ db, errorLogRetentionDays: 30 })).pruned.errorLogs).toBe(0);
    // 7 rows, 3 per statement, at most 2 statements: 6 now, the last one on the next run.
    const first = await runDailyCleanup({ db, errorLogRetentionDays: 7, errorLogChunkSize: 3, maxErrorLogChunks: 2 });
    expect(first.pruned.errorLogs).toBe(6);
    expect(await count("select count(*)::int as n from public.error_logs")).toBe(1);
    const second = await runDailyCleanup({ db, errorLogRetentionDays: 7, errorLogChunkSize: 3, maxErrorLogChunks: 2 });
    expect(second.pruned.errorLogs).toBe(1);
    expect(await count("select count(*)::int as n from public.error_logs")).toBe(0);
  });

  it("is what the cron route runs: its answer says what it removed, pruned and left", async () => {
    await db.query("delete from public.backup_exports");
    await seedHousekeeping();
    const created = await expiredBackups(2);
    const response = await cronRoute(
      new Request("http://localhost/api/cron/cleanup-backups", { headers: { authorization: `Bearer ${CRON_SECRET}` } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    // ERROR_LOG_RETENTION_DAYS is unset here: the default, 30 days.
    expect(await response.json()).toEqual({
      removed: 2,
      remaining: 0,
      pruned: { errorLogs: 2, batchWorkers: 1, rateLimitWindows: 1, exportRequests: 1 },
    });
    expect(await left(created)).toEqual([]);
    expect(await count("select count(*)::int as n from public.error_logs")).toBe(2);
    expect(await count("select count(*)::int as n from public.batch_workers")).toBe(2);
  });
});
