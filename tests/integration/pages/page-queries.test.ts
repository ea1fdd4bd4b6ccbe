/**
 * The small read queries behind the overview, backups and batches pages: scoped to the
 * user, newest first, expired backups hidden, and counters from the job's checkpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listBackups } from "@/lib/backup/list-backups";
import { listBatchJobs } from "@/lib/batch/list-batch-jobs";
import { getDashboardCounts } from "@/lib/dashboard/get-dashboard-counts";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

const USER_A = "00000000-0000-4000-8000-00000000000a";
const USER_B = "00000000-0000-4000-8000-00000000000b";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  await db.exec(
    "truncate public.backup_exports, public.batch_checkpoints, public.batch_items, public.batch_jobs, public.conversation_turns, public.conversations cascade",
  );
});

async function addBackup(userId: string, backupId: string, createdDaysAgo: number, expiresInDays: number) {
  const conversationId = crypto.randomUUID();
  await db.query(
    `insert into public.backup_exports
       (backup_id, user_id, conversation_ids, conversation_count, backup_reason, size_bytes, sha256, created_at, expires_at)
     values ($1, $2, array[$3::uuid], 1, 'pre_delete', 4096, $4,
             now() - make_interval(days => $5), now() + make_interval(days => $6))`,
    [backupId, userId, conversationId, "a".repeat(64), createdDaysAgo, expiresInDays],
  );
}

async function addJob(userId: string, name: string, totalItems: number, createdMinutesAgo: number) {
  const [row] = await db.query<{ id: string }>(
    `insert into public.batch_jobs (user_id, name, status, total_items, created_at)
     values ($1, $2, 'running', $3, now() - make_interval(mins => $4)) returning id`,
    [userId, name, totalItems, createdMinutesAgo],
  );
  return row!.id;
}

async function addConversation(userId: string, turns: number) {
  const [row] = await db.query<{ id: string }>(
    `insert into public.conversations (user_id, title) values ($1, 'A chat') returning id`,
    [userId],
  );
  for (let index = 0; index < turns; index += 1) {
    await db.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
       values ($1, $2, $3, $4, 'hello')`,
      [row!.id, userId, index, index % 2 === 0 ? "user" : "assistant"],
    );
  }
}

describe("listBackups", () => {
  it("lists only the user's unexpired backups, newest first, with numbers as numbers", async () => {
    await addBackup(USER_A, "bk_older_aaaa", 3, 4);
    await addBackup(USER_A, "bk_newer_aaaa", 1, 6);
    await addBackup(USER_A, "bk_expired_aa", 9, -2);
    await addBackup(USER_B, "bk_other_user", 1, 6);

    const backups = await listBackups({ db, userId: USER_A });

    expect(backups.map((b) => b.backupId)).toEqual(["bk_newer_aaaa", "bk_older_aaaa"]);
    expect(backups[0]).toMatchObject({ conversationCount: 1, sizeBytes: 4096, backupReason: "pre_delete" });
    expect(new Date(backups[0]!.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("returns nothing for a user without backups", async () => {
    await addBackup(USER_B, "bk_other_user", 1, 6);
    expect(await listBackups({ db, userId: USER_A })).toEqual([]);
  });
});

describe("listBatchJobs", () => {
  it("lists the user's jobs newest first with checkpoint counters, zero before the first checkpoint", async () => {
    const older = await addJob(USER_A, "Older batch", 10, 30);
    await addJob(USER_A, "Newer batch", 5, 1);
    await addJob(USER_B, "Someone else's", 3, 1);
    await db.query(
      `insert into public.batch_checkpoints (job_id, user_id, total_items, completed_count, failed_count, progress_percentage)
       values ($1, $2, 10, 6, 2, 80)`,
      [older, USER_A],
    );

    const jobs = await listBatchJobs({ db, userId: USER_A });

    expect(jobs.map((job) => job.name)).toEqual(["Newer batch", "Older batch"]);
    expect(jobs[0]).toMatchObject({ totalItems: 5, completedItems: 0, failedItems: 0, status: "running" });
    expect(jobs[1]).toMatchObject({ id: older, totalItems: 10, completedItems: 6, failedItems: 2 });
  });
});

describe("getDashboardCounts", () => {
  it("counts only the user's rows and ignores expired backups", async () => {
    await addConversation(USER_A, 4);
    await addConversation(USER_A, 2);
    await addConversation(USER_B, 3);
    await addJob(USER_A, "Batch", 2, 1);
    await addBackup(USER_A, "bk_active_aaa", 1, 6);
    await addBackup(USER_A, "bk_expired_aa", 9, -2);
    await addBackup(USER_B, "bk_other_user", 1, 6);

    expect(await getDashboardCounts({ db, userId: USER_A })).toEqual({
      conversations: 2,
      turns: 6,
      batchJobs: 1,
      activeBackups: 1,
    });
  });

  it("is all zeros for a new user", async () => {
    expect(await getDashboardCounts({ db, userId: USER_A })).toEqual({
      conversations: 0,
      turns: 0,
      batchJobs: 0,
      activeBackups: 0,
    });
  });
});
