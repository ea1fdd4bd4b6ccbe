/**
 * One download variant in a process of its own, so its memory is the only thing measured:
 * `tsx --conditions=react-server scripts/bench/backup-memory-child.ts <streamed|naive> <backupId>`
 * with BENCH_CHILD_DATABASE (a postgres:// URL or a PGlite directory), run with --expose-gc.
 * Prints one JSON line: the run's duration, the bytes produced, the process's RSS when the
 * download started (after a GC) and its highest RSS during the download (sampled every 2 ms,
 * and the kernel's own high-water mark).
 */
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { toReadableStream } from "@/lib/backup/readable-stream";
import { readConversations } from "@/lib/backup/read-conversations";
import { openBackupDownload } from "@/lib/backup";
import { measureRss, openChildDatabase } from "./measure-rss";
import type { Database } from "@/lib/db/types";

/** What GET /api/backup/download/:backupId does after its checks: the same byte stream, read to the end. */
async function streamed(db: Database, backupId: string): Promise<number> {
  const { chunks } = await openBackupDownload({ db, userId: LOCAL_USER_ID, backupId });
  const reader = toReadableStream(chunks).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

/** The seed's way: every conversation with its turns in memory, then one JSON.stringify. */
async function naive(db: Database, backupId: string): Promise<number> {
  const [backup] = await db.query<{ conversation_ids: string[] }>(
    "select conversation_ids from public.backup_exports where backup_id = $1",
    [backupId],
  );
  if (!backup) throw new Error(`no backup ${backupId}`);
  const conversations = await readConversations(db, LOCAL_USER_ID, backup.conversation_ids);
  const text = JSON.stringify({
    version: "1.0",
    backupId,
    createdAt: new Date().toISOString(),
    backupReason: "bench",
    conversations,
  });
  return Buffer.byteLength(text, "utf8");
}

/**
 * On the embedded engine the database's page cache lives in this process: reading a 4x backup
 * fills more of it (up to shared_buffers, 128 MB) than a 1x one. That is the database's memory,
 * bounded whatever the download does, so it is filled before the measurement starts (the
 * export benchmark does the same). On PostgreSQL the cache is in the server's processes.
 */
async function warmPageCache(db: Database, backupId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("set local enable_seqscan = off");
    await tx.query(
      `select count(*), sum(length(p.content)) from public.backup_export_parts p
        where p.backup_export_id = (select id from public.backup_exports where backup_id = $1)`,
      [backupId],
    );
    await tx.query(
      `select count(*), sum(length(t.content)) from public.backup_exports b
         join public.conversation_turns t on t.conversation_id = any(b.conversation_ids)
        where b.backup_id = $1`,
      [backupId],
    );
  });
}

async function main(): Promise<void> {
  const [variant, backupId] = process.argv.slice(2);
  const target = process.env.BENCH_CHILD_DATABASE;
  if ((variant !== "streamed" && variant !== "naive") || !backupId || !target) {
    throw new Error("usage: backup-memory-child.ts <streamed|naive> <backupId> (BENCH_CHILD_DATABASE set)");
  }
  const db = await openChildDatabase(target);
  try {
    if (db.engine === "pglite") await warmPageCache(db, backupId);
    const { result: bytes, ...measured } = await measureRss(() =>
      variant === "streamed" ? streamed(db, backupId) : naive(db, backupId),
    );
    console.log(JSON.stringify({ variant, bytes, ...measured, maxRssKernel: process.resourceUsage().maxRSS * 1024 }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
