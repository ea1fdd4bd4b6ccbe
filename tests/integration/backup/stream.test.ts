import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { openBackupDownload } from "@/lib/backup/backup-stream";
import { createBackup } from "@/lib/backup/create-backup";
import { DOCUMENT_TAIL } from "@/lib/backup/document";
import { toReadableStream } from "@/lib/backup/readable-stream";
import { AppError } from "@/lib/errors/classes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { seedConversations } from "./support";

/*
 * The download stream's shape, on the engine of this run: one conversation per chunk (so no
 * chunk grows with the page size), a damaged backup that fails mid-stream instead of ending
 * short, and a cancelled download that stops reading.
 */

const USER = LOCAL_USER_ID;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

async function backupOf(
  count: number,
): Promise<{ backupId: string; ids: string[]; sizeBytes: number; sha256: string }> {
  const ids = await seedConversations(db, USER, count, 2);
  const backup = await createBackup({ db, userId: USER, conversationIds: ids });
  return { ...backup, ids };
}

async function chunksOf(iterable: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe("the backup download stream", () => {
  it("yields the head, one chunk per conversation in order, then the tail: the recorded bytes exactly", async () => {
    const backup = await backupOf(5);
    // pageSize 2: three pages of parts, and still one chunk per conversation.
    const { chunks } = await openBackupDownload({ db, userId: USER, backupId: backup.backupId, pageSize: 2 });
    const list = await chunksOf(chunks);

    expect(list).toHaveLength(1 + 5 + 1);
    expect(list.at(-1)).toBe(DOCUMENT_TAIL);
    const conversations = list
      .slice(1, -1)
      .map((chunk, index) => JSON.parse(index === 0 ? chunk : chunk.slice(1)) as { id: string });
    expect(list.slice(2, -1).every((chunk) => chunk.startsWith(","))).toBe(true);
    expect(conversations.map((c) => c.id)).toEqual(backup.ids);

    const text = list.join("");
    expect(Buffer.byteLength(text, "utf8")).toBe(backup.sizeBytes);
    expect(createHash("sha256").update(text, "utf8").digest("hex")).toBe(backup.sha256);
  });

  it("fails with 409 where a part is missing, after the parts before it: a broken file never ends as if whole", async () => {
    const backup = await backupOf(4);
    await db.query(
      `delete from public.backup_export_parts
        where backup_export_id = (select id from public.backup_exports where backup_id = $1) and part_index = 2`,
      [backup.backupId],
    );
    // pageSize 2: the first page (parts 0 and 1) is whole and goes out; the second lacks part 2.
    const { chunks } = await openBackupDownload({ db, userId: USER, backupId: backup.backupId, pageSize: 2 });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of chunks) received.push(chunk);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).httpStatus).toBe(409);
    expect((error as AppError).message).toMatch(/part 2 is missing/);
    // The head and parts 0 and 1 went out; the tail never did.
    expect(received).toHaveLength(3);
    expect(received).not.toContain(DOCUMENT_TAIL);
  });

  it("as a byte stream: a cancelled download closes the reads, so no further page is read", async () => {
    const backup = await backupOf(3);
    const { chunks } = await openBackupDownload({ db, userId: USER, backupId: backup.backupId, pageSize: 1 });
    const iterator = chunks[Symbol.asyncIterator]();
    const reader = toReadableStream({ [Symbol.asyncIterator]: () => iterator }).getReader();

    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^\{"version":"1.0"/);
    await reader.cancel();

    // Cancelling returned the generator: asking it for more gives nothing.
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
