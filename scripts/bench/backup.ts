/**
 * Backup of 1,000 conversations x 20 turns: create time, download time and the download's
 * peak memory against a naive baseline that builds the whole JSON string in memory (the
 * seed's design: load everything, JSON.stringify it), and restore time.
 *
 * - Create: createBackup (one repeatable-read transaction writing one part per conversation).
 * - Download: what GET /api/backup/download/:backupId streams (openBackupDownload through the
 *   route's ReadableStream), read to the end and discarded as a browser would save it; the
 *   server holds one page of parts at a time.
 * - Naive baseline: read every conversation with its turns, then JSON.stringify the document.
 * - Restore: the conversations deleted (with the backup as authorisation), then restoreBackup.
 *
 * Memory is measured in this process (the embedded engine cannot be shared with a child):
 * the JS heap (heapUsed + arrayBuffers) is sampled every few ms during each operation, after a
 * forced GC, and the high-water mark above the starting point is reported. The streamed
 * variant runs first so the baseline's garbage cannot inflate its figure. RSS is not reported:
 * it includes PGlite's WASM memory, which grows for both and never shrinks.
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { toReadableStream } from "@/lib/backup/readable-stream";
import { createBackup, openBackupDownload, restoreBackup } from "@/lib/backup/storage";
import { readConversations } from "@/lib/backup/read-conversations";
import { bulkDeleteConversations } from "@/lib/conversations";
import type { Database } from "@/lib/db/types";
import { formatMs, median } from "./timing";

export interface BackupBenchOptions {
  conversations?: number;
  turns?: number;
  repeats?: number;
}

// A forced GC before each measurement, so each starts from the live set alone.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapNow(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Runs fn, sampling the heap every 2 ms; returns its duration and the peak heap growth. */
async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakBytes: number; result: T }> {
  gc();
  const start = heapNow();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, heapNow());
  }, 2);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, heapNow());
    return { ms, peakBytes: peak - start, result };
  } finally {
    clearInterval(timer);
  }
}

async function seed(db: Database, userId: string, conversations: number, turns: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `insert into public.conversations (user_id, title, topic, persona, emotion, metadata, created_at)
     select $1::uuid, 'Backup bench ' || g, 'topic ' || (g % 50), 'support agent', 'calm',
            jsonb_build_object('bench', true, 'n', g), now() - make_interval(secs => g)
       from generate_series(1, $2::int) g
     returning id`,
    [userId, conversations],
  );
  const ids = rows.map((row) => row.id);
  await db.query(
    `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
     select c.id, c.user_id, t, case when t % 2 = 0 then 'user' else 'assistant' end,
            'Turn ' || t || ': ' || repeat('a realistic sentence of training text, ', 10)
       from public.conversations c cross join generate_series(0, $2::int - 1) t
      where c.id = any($1::uuid[])`,
    [ids, turns],
  );
  return ids;
}

/**
 * What the download route does after its checks: the same open + byte stream, read to the end.
 * (The route module itself imports next/navigation, which does not load outside Next.)
 */
async function downloadStreamed(db: Database, userId: string, backupId: string): Promise<number> {
  const { chunks } = await openBackupDownload({ db, userId, backupId });
  const reader = toReadableStream(chunks).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

/** The seed's way: everything in memory, one JSON.stringify. */
async function naiveBuild(db: Database, userId: string, ids: string[], backupId: string): Promise<number> {
  const conversations = await readConversations(db, userId, ids);
  const text = JSON.stringify({ version: "1.0", backupId, createdAt: new Date().toISOString(), backupReason: "bench", conversations });
  return Buffer.byteLength(text, "utf8");
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchBackup(db: Database, options: BackupBenchOptions = {}): Promise<void> {
  const conversations = options.conversations ?? 1_000;
  const turns = options.turns ?? 20;
  const repeats = options.repeats ?? 3;
  const userId = LOCAL_USER_ID;
  console.log(`\nBackup: ${conversations} conversations x ${turns} turns (median of ${repeats}; heap peak above start)`);

  {
    const ids = await seed(db, userId, conversations, turns);

    const creates: number[] = [];
    let backupId = "";
    let sizeBytes = 0;
    for (let i = 0; i < repeats; i += 1) {
      const run = await measure(() => createBackup({ db, userId, conversationIds: ids, reason: "bench" }));
      creates.push(run.ms);
      backupId = run.result.backupId;
      sizeBytes = run.result.sizeBytes;
    }
    console.log(`  create backup                 ${formatMs(median(creates)).padStart(12)}   (${mb(sizeBytes)} document)`);

    const streamed: { ms: number; peakBytes: number }[] = [];
    for (let i = 0; i < repeats; i += 1) {
      const run = await measure(() => downloadStreamed(db, userId, backupId));
      if (run.result !== sizeBytes) throw new Error(`streamed ${run.result} bytes, expected ${sizeBytes}`);
      streamed.push(run);
    }
    const naive: { ms: number; peakBytes: number }[] = [];
    for (let i = 0; i < repeats; i += 1) naive.push(await measure(() => naiveBuild(db, userId, ids, backupId)));

    const streamedPeak = median(streamed.map((r) => r.peakBytes));
    const naivePeak = median(naive.map((r) => r.peakBytes));
    console.log(
      `  download, streamed            ${formatMs(median(streamed.map((r) => r.ms))).padStart(12)}   peak heap ${mb(streamedPeak)}`,
    );
    console.log(
      `  naive: load all + stringify   ${formatMs(median(naive.map((r) => r.ms))).padStart(12)}   peak heap ${mb(naivePeak)}` +
        `   (${(naivePeak / Math.max(streamedPeak, 1)).toFixed(1)}x the streamed peak)`,
    );

    const restores: number[] = [];
    for (let i = 0; i < repeats; i += 1) {
      await bulkDeleteConversations({ db, userId, ids, backupId });
      const run = await measure(() => restoreBackup({ db, userId, backupId }));
      if (run.result.restored !== conversations) throw new Error(`restored ${run.result.restored} of ${conversations}`);
      restores.push(run.ms);
    }
    console.log(`  restore (${conversations} missing)        ${formatMs(median(restores)).padStart(12)}`);
    await db.query("delete from public.backup_exports where user_id = $1 and backup_reason = 'bench'", [userId]);
    await db.query("delete from public.conversations where id = any($1::uuid[])", [ids]);
  }
}
