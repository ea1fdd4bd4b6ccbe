import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { setDatabaseForTesting } from "@/lib/db";
import { AppError } from "@/lib/errors/classes";
import { bulkDeleteConversations } from "@/lib/conversations";
import { createBackup, listBackups, restoreBackup } from "@/lib/backup";
import { streamBackupDocument } from "@/lib/backup/backup-stream";
import { cleanupExpiredBackups } from "@/lib/backup/cleanup-backups";
import type { BackupDocument } from "@/lib/backup/document";
import { getBackup } from "@/lib/backup/get-backup";
import { verifyBackup } from "@/lib/backup/verify-backup";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import {
  collect,
  countRows,
  expectedBackupConversations,
  expireBackup,
  fingerprint,
  seedConversations,
  snapshotRows,
} from "./support";

/*
 * The backup store and the guarded bulk delete, through the lib functions, on the engine of
 * this run (PGlite by default, PostgreSQL with TEST_DATABASE_URL).
 */

const USER = LOCAL_USER_ID;
const OTHER_USER = randomUUID();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function readDocument(backupId: string, userId = USER, pageSize?: number): Promise<BackupDocument> {
  return JSON.parse(await collect(streamBackupDocument({ db, userId, backupId, pageSize }))) as BackupDocument;
}

describe("createBackup", () => {
  it("holds every selected conversation with every turn, in the order asked, and its recorded size and SHA-256 match the file", async () => {
    const ids = await seedConversations(db, USER, 7, 5);
    const backup = await createBackup({ db, userId: USER, conversationIds: ids, reason: "bulk_delete" });

    // pageSize 3: the document is streamed across several pages of parts.
    const text = await collect(streamBackupDocument({ db, userId: USER, backupId: backup.backupId, pageSize: 3 }));
    const doc = JSON.parse(text) as BackupDocument;
    expect(doc).toMatchObject({
      version: "1.0",
      backupId: backup.backupId,
      backupReason: "bulk_delete",
      createdAt: backup.createdAt,
    });
    expect(Object.keys(doc)).toEqual(["version", "backupId", "createdAt", "backupReason", "conversations"]);
    expect(doc.conversations).toEqual(await expectedBackupConversations(db, ids));
    expect(doc.conversations.every((c) => c.turns.length === 5)).toBe(true);

    const { createHash } = await import("node:crypto");
    expect(backup.sizeBytes).toBe(Buffer.byteLength(text, "utf8"));
    expect(backup.sha256).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    expect(backup.conversationCount).toBe(7);
    expect(backup.downloadUrl).toBe(`/api/backup/download/${backup.backupId}`);
    expect(new Date(backup.expiresAt).getTime() - new Date(backup.createdAt).getTime()).toBe(7 * 24 * 3600 * 1000);

    const details = await getBackup({ db, userId: USER, backupId: backup.backupId });
    expect(details).toMatchObject({
      backupId: backup.backupId,
      conversationCount: 7,
      sizeBytes: backup.sizeBytes,
      sha256: backup.sha256,
    });
    expect(details.conversationIds).toEqual(ids);
    expect((await listBackups({ db, userId: USER })).map((b) => b.backupId)).toContain(backup.backupId);
    expect((await listBackups({ db, userId: OTHER_USER })).map((b) => b.backupId)).not.toContain(backup.backupId);
  });

  it("refuses the whole request (404) when one id is not the user's, and creates nothing", async () => {
    const own = await seedConversations(db, USER, 2);
    const [foreign] = await seedConversations(db, OTHER_USER, 1);
    const before = await fingerprint(db);
    for (const stranger of [foreign as string, randomUUID()]) {
      const error = await rejection(createBackup({ db, userId: USER, conversationIds: [...own, stranger] }));
      expect(error.httpStatus).toBe(404);
    }
    expect(await fingerprint(db)).toBe(before);
  });

  it("a fault injected into the backup write leaves every conversation in place and no backup row or part", async () => {
    // 60 conversations: the first page of parts is written before the fault hits the second.
    const ids = await seedConversations(db, USER, 60, 2);
    const before = await fingerprint(db);
    const backupsBefore = await countRows(db, "backup_exports");
    const seen: number[] = [];
    const fault = createBackup({
      db,
      userId: USER,
      conversationIds: ids,
      hooks: {
        beforeWritePart: (partIndex) => {
          seen.push(partIndex);
          if (partIndex > 0) throw new Error("disk full (injected)");
        },
      },
    });
    await expect(fault).rejects.toThrow("disk full (injected)");
    expect(seen).toEqual([0, 50]);
    expect(await fingerprint(db)).toBe(before);
    expect(await countRows(db, "backup_exports")).toBe(backupsBefore);
    // And with no backup, the delete stays refused.
    const error = await rejection(bulkDeleteConversations({ db, userId: USER, ids }));
    expect(error.httpStatus).toBe(400);
    expect(await fingerprint(db)).toBe(before);
  });
});

describe("backup -> delete -> restore", () => {
  it("gives back identical data (same ids, turns, timestamps, metadata), and restoring twice restores nothing the second time", async () => {
    const ids = await seedConversations(db, USER, 5, 4);
    const keep = await seedConversations(db, USER, 1);
    const before = await snapshotRows(db, [...ids, ...keep]);

    const backup = await createBackup({ db, userId: USER, conversationIds: ids, reason: "bulk_delete" });
    expect(await bulkDeleteConversations({ db, userId: USER, ids, backupId: backup.backupId })).toEqual({ deleted: 5 });
    expect(await snapshotRows(db, ids)).toEqual({ conversations: [], turns: [] });

    expect(await restoreBackup({ db, userId: USER, backupId: backup.backupId })).toEqual({ restored: 5, skipped: 0 });
    expect(await snapshotRows(db, [...ids, ...keep])).toEqual(before);

    expect(await restoreBackup({ db, userId: USER, backupId: backup.backupId })).toEqual({ restored: 0, skipped: 5 });
    expect(await snapshotRows(db, [...ids, ...keep])).toEqual(before);
  });

  it("restores only what is missing after a partial loss", async () => {
    const ids = await seedConversations(db, USER, 3, 2);
    const before = await snapshotRows(db, ids);
    const backup = await createBackup({ db, userId: USER, conversationIds: ids });
    await bulkDeleteConversations({ db, userId: USER, ids: [ids[1] as string], backupId: backup.backupId });
    expect(await restoreBackup({ db, userId: USER, backupId: backup.backupId })).toEqual({ restored: 1, skipped: 2 });
    expect(await snapshotRows(db, ids)).toEqual(before);
  });

  it("restores a batch-generated conversation after its batch job was deleted, without the dangling batch link", async () => {
    const [id] = await seedConversations(db, USER, 1, 2);
    const jobId = randomUUID();
    const itemId = randomUUID();
    await db.query(`insert into public.batch_jobs (id, user_id, total_items) values ($1, $2, 1)`, [jobId, USER]);
    await db.query(
      `insert into public.batch_items (id, job_id, user_id, item_index, topic, status, completed_at, conversation_id)
       values ($1, $2, $3, 0, 'Refund request', 'completed', now(), $4)`,
      [itemId, jobId, USER, id],
    );
    await db.query(`update public.conversations set batch_job_id = $2, batch_item_id = $3 where id = $1`, [
      id,
      jobId,
      itemId,
    ]);
    const backup = await createBackup({ db, userId: USER, conversationIds: [id as string] });
    await bulkDeleteConversations({ db, userId: USER, ids: [id as string], backupId: backup.backupId });
    // Deleting the job cascades to its items: the backup's batch item no longer exists.
    await db.query(`delete from public.batch_jobs where id = $1`, [jobId]);

    expect(await restoreBackup({ db, userId: USER, backupId: backup.backupId })).toEqual({ restored: 1, skipped: 0 });
    const [row] = await db.query<{ batch_job_id: string | null; batch_item_id: string | null; turns: number }>(
      `select batch_job_id, batch_item_id, (select count(*)::int from public.conversation_turns t where t.conversation_id = c.id) as turns
         from public.conversations c where id = $1`,
      [id],
    );
    expect(row).toEqual({ batch_job_id: null, batch_item_id: null, turns: 2 });
  });

  it("refuses to restore another user's backup (404), an expired one (410) or a tampered one (409), restoring nothing", async () => {
    const ids = await seedConversations(db, USER, 2);
    const backup = await createBackup({ db, userId: USER, conversationIds: ids });
    await bulkDeleteConversations({ db, userId: USER, ids, confirmWithoutBackup: true });
    const before = await fingerprint(db);

    expect((await rejection(restoreBackup({ db, userId: OTHER_USER, backupId: backup.backupId }))).httpStatus).toBe(
      404,
    );
    await db.query(
      `update public.backup_export_parts set content = replace(content, 'Turn 0', 'Turn O')
        where backup_export_id = (select id from public.backup_exports where backup_id = $1) and part_index = 1`,
      [backup.backupId],
    );
    const tampered = await fingerprint(db);
    expect((await rejection(restoreBackup({ db, userId: USER, backupId: backup.backupId }))).httpStatus).toBe(409);
    expect(await fingerprint(db)).toBe(tampered);
    await expireBackup(db, backup.backupId);
    expect((await rejection(restoreBackup({ db, userId: USER, backupId: backup.backupId }))).httpStatus).toBe(410);
    expect(await countRows(db, "conversations")).toBe(JSON.parse(before).n);
  });
});

describe("bulkDeleteConversations refuses, deleting nothing", () => {
  let ids: string[];
  let backupId: string;

  beforeAll(async () => {
    ids = await seedConversations(db, USER, 3, 2);
    backupId = (await createBackup({ db, userId: USER, conversationIds: ids })).backupId;
  });

  async function refused(input: Parameters<typeof bulkDeleteConversations>[0], status: number, message?: RegExp) {
    const before = await fingerprint(db);
    const error = await rejection(bulkDeleteConversations(input));
    expect(error.httpStatus).toBe(status);
    if (message) expect(error.message).toMatch(message);
    expect(await fingerprint(db)).toBe(before);
  }

  it("with neither a backup nor an explicit confirmation (400 naming backupId)", async () => {
    await refused({ db, userId: USER, ids }, 400);
    await refused({ db, userId: USER, ids, confirmWithoutBackup: false }, 400);
  });

  it("with an unknown backup (404)", async () => {
    await refused({ db, userId: USER, ids, backupId: "bkp_doesNotExist000000" }, 404, /Backup not found/);
  });

  it("with another user's backup (404)", async () => {
    const foreignIds = await seedConversations(db, OTHER_USER, 1);
    const foreign = await createBackup({ db, userId: OTHER_USER, conversationIds: foreignIds });
    await refused({ db, userId: USER, ids, backupId: foreign.backupId }, 404, /Backup not found/);
  });

  it("with a backup that does not cover every id (409)", async () => {
    const partial = await createBackup({ db, userId: USER, conversationIds: ids.slice(0, 2) });
    await refused({ db, userId: USER, ids, backupId: partial.backupId }, 409, /does not include 1 of the 3/);
  });

  it("with a tampered backup: its SHA-256 no longer matches (409)", async () => {
    const tampered = await createBackup({ db, userId: USER, conversationIds: ids });
    await db.query(
      `update public.backup_export_parts set content = replace(content, 'Turn 1', 'Turn I')
        where backup_export_id = (select id from public.backup_exports where backup_id = $1) and part_index = 2`,
      [tampered.backupId],
    );
    await refused({ db, userId: USER, ids, backupId: tampered.backupId }, 409, /SHA-256/);
    await expect(verifyBackup({ db, userId: USER, backupId: tampered.backupId })).rejects.toThrow(/SHA-256/);
  });

  it("with a backup that lost a part (409)", async () => {
    const truncated = await createBackup({ db, userId: USER, conversationIds: ids });
    await db.query(
      `delete from public.backup_export_parts
        where backup_export_id = (select id from public.backup_exports where backup_id = $1) and part_index = 2`,
      [truncated.backupId],
    );
    await refused({ db, userId: USER, ids, backupId: truncated.backupId }, 409, /part 2 is missing/);
  });

  it("with an expired backup (410)", async () => {
    const expired = await createBackup({ db, userId: USER, conversationIds: ids });
    await expireBackup(db, expired.backupId);
    await refused({ db, userId: USER, ids, backupId: expired.backupId }, 410, /expired/);
  });

  it("when an id is not the user's, even with a valid backup (404 for the whole request)", async () => {
    const [foreign] = await seedConversations(db, OTHER_USER, 1);
    await refused({ db, userId: USER, ids: [...ids, foreign as string], backupId }, 404);
    await refused({ db, userId: USER, ids: [...ids, randomUUID()], confirmWithoutBackup: true }, 404);
  });

  it("and then deletes with the valid backup", async () => {
    expect(await bulkDeleteConversations({ db, userId: USER, ids, backupId })).toEqual({ deleted: 3 });
    expect(await snapshotRows(db, ids)).toEqual({ conversations: [], turns: [] });
  });
});

describe("cleanupExpiredBackups", () => {
  it("removes only expired backups and their parts", async () => {
    await cleanupExpiredBackups({ db });
    const ids = await seedConversations(db, USER, 2, 1);
    const expiredA = await createBackup({ db, userId: USER, conversationIds: ids });
    const expiredB = await createBackup({
      db,
      userId: OTHER_USER,
      conversationIds: await seedConversations(db, OTHER_USER, 1),
    });
    const live = await createBackup({ db, userId: USER, conversationIds: ids });
    await expireBackup(db, expiredA.backupId);
    await expireBackup(db, expiredB.backupId);
    const liveBefore = await readDocument(live.backupId);
    const backupsBefore = await countRows(db, "backup_exports");
    const partsBefore = await countRows(db, "backup_export_parts");

    expect(await cleanupExpiredBackups({ db })).toEqual({ removed: 2, remaining: 0 });
    expect(await countRows(db, "backup_exports")).toBe(backupsBefore - 2);
    expect(await countRows(db, "backup_export_parts")).toBe(partsBefore - 3);
    const [orphans] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.backup_export_parts p
        where not exists (select 1 from public.backup_exports b where b.id = p.backup_export_id)`,
    );
    expect(orphans?.n).toBe(0);
    expect(await readDocument(live.backupId)).toEqual(liveBefore);
    await expect(getBackup({ db, userId: USER, backupId: expiredA.backupId })).rejects.toThrow(/not found/);

    // A run with nothing to do succeeds.
    expect(await cleanupExpiredBackups({ db })).toEqual({ removed: 0, remaining: 0 });
  });

  it("honours `now`: a backup is removed once its expiry is reached", async () => {
    const backup = await createBackup({ db, userId: USER, conversationIds: await seedConversations(db, USER, 1) });
    const expiresAt = new Date(backup.expiresAt);
    // (Other backups of this file expire earlier and go too; only this one is looked at.)
    await cleanupExpiredBackups({ db, now: new Date(expiresAt.getTime() - 1000) });
    expect((await getBackup({ db, userId: USER, backupId: backup.backupId })).backupId).toBe(backup.backupId);
    await cleanupExpiredBackups({ db, now: expiresAt });
    await expect(getBackup({ db, userId: USER, backupId: backup.backupId })).rejects.toThrow(/not found/);
  });

  it("two runs at once remove each expired backup once", async () => {
    const ids = await seedConversations(db, USER, 1, 1);
    const created = [];
    for (let i = 0; i < 4; i += 1) created.push(await createBackup({ db, userId: USER, conversationIds: ids }));
    for (const backup of created) await expireBackup(db, backup.backupId);

    const results = await Promise.all([cleanupExpiredBackups({ db }), cleanupExpiredBackups({ db })]);
    expect(results[0].removed + results[1].removed).toBe(4);
    for (const result of results) {
      if (result.skipped !== undefined)
        expect(result).toEqual({ removed: 0, remaining: expect.any(Number), skipped: "already running" });
    }
    const [left] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.backup_exports where backup_id = any($1::text[])`,
      [created.map((b) => b.backupId)],
    );
    expect(left?.n).toBe(0);
  });
});
