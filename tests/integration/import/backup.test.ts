import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/backup/create/route";
import { GET as downloadRoute } from "@/app/api/backup/download/[backupId]/route";
import { POST as bulkDeleteRoute } from "@/app/api/conversations/bulk-delete/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { cleanupExpiredBackups } from "@/lib/backup/cleanup-backups";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { countRows, expireBackup, fingerprint, seedConversations, snapshotRows } from "../backup/support";
import { BASE, errorOf, NO_PARAMS, postImport, resetRateLimits } from "./support";

/*
 * POST /api/imports?format=backup with files downloaded from GET /api/backup/download/:id, in
 * local mode (every request is the local user); another user's rows are seeded directly.
 */

const OTHER_USER = randomUUID();
let db: TestDatabase;

const postJson = (path: string, body: unknown) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function backupAndDownload(ids: string[]): Promise<{ backupId: string; bytes: Uint8Array<ArrayBuffer> }> {
  const created = await createRoute(
    postJson("/api/backup/create", { conversationIds: ids, reason: "bulk_delete" }),
    NO_PARAMS,
  );
  expect(created.status).toBe(201);
  const { backupId } = (await created.json()) as { backupId: string };
  const file = await downloadRoute(new Request(`${BASE}/api/backup/download/${backupId}`), {
    params: Promise.resolve({ backupId }),
  });
  expect(file.status).toBe(200);
  return { backupId, bytes: new Uint8Array(await file.arrayBuffer()) };
}

async function bulkDelete(ids: string[], backupId: string): Promise<void> {
  const response = await bulkDeleteRoute(postJson("/api/conversations/bulk-delete", { ids, backupId }), NO_PARAMS);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ deleted: ids.length });
}

async function deleteBackupOnServer(backupId: string): Promise<void> {
  await expireBackup(db, backupId);
  expect((await cleanupExpiredBackups({ db })).removed).toBe(1);
  expect(await db.query("select 1 from public.backup_exports where backup_id = $1", [backupId])).toHaveLength(0);
}

const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>) =>
  Buffer.from(await crypto.subtle.digest("SHA-256", bytes)).toString("hex");

/** The same file with one byte changed inside the first turn's text (still valid JSON). */
function tamper(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf("Turn 0 of ") + "Turn ".length;
  const copy = bytes.slice();
  const offset = new TextEncoder().encode(text.slice(0, at)).byteLength;
  copy[offset] = "7".charCodeAt(0);
  return copy;
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

beforeEach(async () => {
  await resetRateLimits(db);
});

describe("a downloaded backup, deleted on the server, imports back", () => {
  it("with the same ids, turns and timestamps; a second import skips everything", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 3, 4);
    const before = await snapshotRows(db, ids);
    const { backupId, bytes } = await backupAndDownload(ids);

    await bulkDelete(ids, backupId);
    await deleteBackupOnServer(backupId);
    expect(await snapshotRows(db, ids)).toEqual({ conversations: [], turns: [] });

    const first = await postImport("backup", bytes);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ format: "backup", imported: 3, skipped: 0 });
    expect(await snapshotRows(db, ids)).toEqual(before);

    const again = await postImport("backup", bytes, { query: `&sha256=${await sha256Hex(bytes)}` });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ format: "backup", imported: 0, skipped: 3 });
    expect(await snapshotRows(db, ids)).toEqual(before);
  });

  it("restores only the missing ones while the server still holds the backup (its SHA-256 checks out)", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 3, 2);
    const before = await snapshotRows(db, ids);
    const { bytes } = await backupAndDownload(ids);
    await db.query("delete from public.conversations where id = $1", [ids[1]]);

    const response = await postImport("backup", bytes);
    expect(await response.json()).toEqual({ format: "backup", imported: 1, skipped: 2 });
    expect(await snapshotRows(db, ids)).toEqual(before);
  });

  it("puts a batch conversation back on its item when the batch still exists, and drops the link when not", async () => {
    const jobId = randomUUID();
    const itemId = randomUUID();
    await db.query(
      `insert into public.batch_jobs (id, user_id, name, status, total_items) values ($1, $2, 'Import test', 'completed', 1)`,
      [jobId, LOCAL_USER_ID],
    );
    await db.query(
      `insert into public.batch_items (id, job_id, user_id, item_index, topic, status, attempts, completed_at)
       values ($1, $2, $3, 0, 'Topic', 'completed', 1, now())`,
      [itemId, jobId, LOCAL_USER_ID],
    );
    const [id] = await seedConversations(db, LOCAL_USER_ID, 1, 2);
    await db.query("update public.conversations set batch_job_id = $1, batch_item_id = $2 where id = $3", [
      jobId,
      itemId,
      id,
    ]);
    await db.query("update public.batch_items set conversation_id = $1 where id = $2", [id, itemId]);
    const { backupId, bytes } = await backupAndDownload([id as string]);
    await bulkDelete([id as string], backupId);

    expect(await (await postImport("backup", bytes)).json()).toMatchObject({ imported: 1 });
    const [link] = await db.query<{ batch_job_id: string; batch_item_id: string; conversation_id: string }>(
      `select c.batch_job_id, c.batch_item_id, i.conversation_id
         from public.conversations c join public.batch_items i on i.id = c.batch_item_id where c.id = $1`,
      [id],
    );
    expect(link).toEqual({ batch_job_id: jobId, batch_item_id: itemId, conversation_id: id });

    // A file pairing another batch of the user's with that item gets no item link.
    const otherJob = randomUUID();
    await db.query(
      `insert into public.batch_jobs (id, user_id, name, status, total_items) values ($1, $2, 'Other', 'completed', 0)`,
      [otherJob, LOCAL_USER_ID],
    );
    await db.query("delete from public.conversations where id = $1", [id]);
    // Edited by hand, so it no longer matches the server's record: the record is gone first.
    await deleteBackupOnServer(backupId);
    const mismatched = new TextDecoder().decode(bytes).replace(`"batchJobId":"${jobId}"`, `"batchJobId":"${otherJob}"`);
    expect(await (await postImport("backup", mismatched)).json()).toMatchObject({ imported: 1 });
    const [paired] = await db.query("select batch_job_id, batch_item_id from public.conversations where id = $1", [id]);
    expect(paired).toEqual({ batch_job_id: otherJob, batch_item_id: null });

    // The batch is gone: the conversation comes back without its links.
    await db.query("delete from public.conversations where id = $1", [id]);
    await db.query("delete from public.batch_jobs where id = $1", [jobId]);
    expect(await (await postImport("backup", bytes)).json()).toMatchObject({ imported: 1 });
    const [unlinked] = await db.query("select batch_job_id, batch_item_id from public.conversations where id = $1", [
      id,
    ]);
    expect(unlinked).toEqual({ batch_job_id: null, batch_item_id: null });
  });
});

describe("checks", () => {
  it("409 for a tampered file while the server still holds the backup; nothing written", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 2, 2);
    const { backupId, bytes } = await backupAndDownload(ids);
    await bulkDelete(ids, backupId);
    const before = await fingerprint(db);
    const error = await errorOf(await postImport("backup", tamper(bytes)), 409);
    expect(error.code).toBe("ERR_CONFLICT");
    expect(error.message).toMatch(new RegExp(`does not match the SHA-256 recorded for backup ${backupId}`));
    expect(await fingerprint(db)).toBe(before);
    // The untouched file still imports.
    expect(await (await postImport("backup", bytes)).json()).toMatchObject({ imported: 2 });
  });

  it("409 when the sha256 given with the request does not match the file", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 1, 2);
    const { backupId, bytes } = await backupAndDownload(ids);
    await bulkDelete(ids, backupId);
    await deleteBackupOnServer(backupId);
    const given = await sha256Hex(bytes);
    const before = await fingerprint(db);
    const error = await errorOf(await postImport("backup", tamper(bytes), { query: `&sha256=${given}` }), 409);
    expect(error.message).toMatch(/does not match the sha256 given with the request/);
    expect(await fingerprint(db)).toBe(before);
    // Without a record or a given sha256 nothing can be checked: the changed text is imported as it is.
    expect(await (await postImport("backup", tamper(bytes))).json()).toMatchObject({ imported: 1 });
  });

  it("400 for another format version, a broken shape (naming the conversation), or not JSON", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 2, 2);
    const { backupId, bytes } = await backupAndDownload(ids);
    await bulkDelete(ids, backupId);
    await deleteBackupOnServer(backupId);
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as {
      version: string;
      conversations: { id: string; turns: { role: string; content: string }[] }[];
    };
    const before = await fingerprint(db);

    const version = await errorOf(await postImport("backup", JSON.stringify({ ...doc, version: "2.0" })), 400);
    expect(version.message).toMatch(/format version is "2.0"; this server reads version 1.0/);
    expect(version.details?.fieldErrors).toHaveProperty("version");

    const broken = structuredClone(doc);
    (broken.conversations[1]?.turns[0] as { role: string }).role = "system";
    (broken.conversations[1]?.turns[1] as { content: string }).content = "nul \u0000 here";
    const shape = await errorOf(await postImport("backup", JSON.stringify(broken)), 400);
    expect(shape.details?.lines).toHaveLength(1);
    expect(shape.details?.lines?.[0]?.line).toBe(2);
    expect(shape.details?.lines?.[0]?.message).toContain(`conversation ${doc.conversations[1]?.id}`);
    expect(shape.details?.lines?.[0]?.message).toMatch(/turns\.0\.role/);
    expect(shape.details?.lines?.[0]?.message).toMatch(/turns\.1\.content: must not contain NUL/);

    const duplicate = structuredClone(doc);
    duplicate.conversations.push(duplicate.conversations[0] as (typeof doc.conversations)[number]);
    const twice = await errorOf(await postImport("backup", JSON.stringify(duplicate)), 400);
    expect(twice.details?.lines?.[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/appears twice/) as unknown as string,
    });

    // Values the database cannot hold are 400s naming the field, never a 500 from the insert:
    // metadata nested thousands deep (it would overflow JSON.stringify), a year-0 timestamp.
    const deep = structuredClone(doc) as unknown as {
      conversations: { metadata: unknown; createdAt: string; turns: { createdAt: string }[] }[];
    };
    (deep.conversations[0] as { metadata: unknown }).metadata = "__DEEP__";
    // Written by hand: JSON.stringify itself cannot produce a value this deep.
    const deepText = JSON.stringify(deep).replace('"__DEEP__"', `${'{"a":'.repeat(5_000)}{}${"}".repeat(5_000)}`);
    const tooDeep = await errorOf(await postImport("backup", deepText), 400);
    expect(tooDeep.details?.lines?.[0]?.message).toMatch(/metadata: must nest at most 32 levels/);
    const yearZero = structuredClone(doc) as unknown as typeof deep;
    (yearZero.conversations[0] as { createdAt: string }).createdAt = "0000-01-01T00:00:00Z";
    ((yearZero.conversations[1] as { turns: { createdAt: string }[] }).turns[0] as { createdAt: string }).createdAt =
      "0000-06-01T00:00:00Z";
    const dates = await errorOf(await postImport("backup", JSON.stringify(yearZero)), 400);
    expect(dates.details?.lines?.map((entry) => entry.line)).toEqual([1, 2]);
    expect(dates.details?.lines?.[0]?.message).toMatch(/createdAt: must be a date from year 1 on/);

    expect((await errorOf(await postImport("backup", "{not json"), 400)).code).toBe("ERR_VAL_MALFORMED_JSON");
    expect((await errorOf(await postImport("backup", "[1,2]"), 400)).message).toMatch(/not a backup/);
    expect(await fingerprint(db)).toBe(before);
  });
});

describe("another user's rows", () => {
  it("are never touched: the same ids owned by another user -> 409 saying nothing about them, nothing written", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 2, 2);
    const { backupId, bytes } = await backupAndDownload(ids);
    await bulkDelete(ids, backupId);
    await deleteBackupOnServer(backupId);

    // Another user now owns a conversation with one of those ids (and turns of their own).
    const foreignId = ids[1] as string;
    await db.query(
      `insert into public.conversations (id, user_id, title, topic) values ($1, $2, 'Their secret title', 'secret topic')`,
      [foreignId, OTHER_USER],
    );
    await db.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content) values ($1, $2, 0, 'user', 'their words')`,
      [foreignId, OTHER_USER],
    );
    const theirs = await snapshotRows(db, [foreignId]);
    const before = await fingerprint(db);

    const response = await postImport("backup", bytes);
    const error = await errorOf(response, 409);
    expect(error.message).toMatch(/conflicts with existing data/);
    const text = JSON.stringify(error);
    expect(text).not.toContain(foreignId);
    expect(text).not.toContain(OTHER_USER);
    expect(text).not.toMatch(/secret/);
    expect(await fingerprint(db)).toBe(before);
    expect(await snapshotRows(db, [foreignId])).toEqual(theirs);
    expect(await snapshotRows(db, [ids[0] as string])).toEqual({ conversations: [], turns: [] });
  });

  it("a turn id in use by another user's row is the same 409", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 1, 2);
    const { backupId, bytes } = await backupAndDownload(ids);
    await bulkDelete(ids, backupId);
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { conversations: { turns: { id: string }[] }[] };
    const turnId = doc.conversations[0]?.turns[0]?.id as string;
    const theirConversation = randomUUID();
    await db.query(`insert into public.conversations (id, user_id, title) values ($1, $2, 'Theirs')`, [
      theirConversation,
      OTHER_USER,
    ]);
    await db.query(
      `insert into public.conversation_turns (id, conversation_id, user_id, turn_index, role, content) values ($1, $2, $3, 0, 'user', 'x')`,
      [turnId, theirConversation, OTHER_USER],
    );
    const before = await fingerprint(db);
    // The server's record is gone from the picture: the file is imported by its content alone.
    await deleteBackupOnServer(backupId);
    const afterCleanup = await fingerprint(db);
    expect(await countRows(db, "conversations")).toBeGreaterThan(0);
    const error = await errorOf(await postImport("backup", bytes), 409);
    expect(error.message).toMatch(/conflicts with existing data/);
    expect(await fingerprint(db)).toBe(afterCleanup);
    expect(before).not.toBe(afterCleanup);
  });
});
