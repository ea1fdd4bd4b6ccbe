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
 * Memory: each download variant runs in a fresh child process (backup-memory-child.ts), so
 * neither sees the other's garbage; the figure is the process's RSS growth during the
 * download (peak RSS sampled every 2 ms minus RSS when it started). On the embedded engine
 * the children open a PGlite directory seeded for them, one at a time (its lock allows one).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { createBackup, restoreBackup } from "@/lib/backup";
import { bulkDeleteConversations } from "@/lib/conversations";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { formatMs, median } from "./timing";

export interface BackupBenchOptions {
  conversations?: number;
  turns?: number;
  repeats?: number;
  /** The PostgreSQL URL `db` is connected to; without it the children get a PGlite directory. */
  databaseUrl?: string;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

interface ChildRun {
  ms: number;
  bytes: number;
  startRss: number;
  peakRss: number;
}

function runChild(variant: "streamed" | "naive", backupId: string, database: string): ChildRun {
  const child = spawnSync(
    process.execPath,
    ["--max-semi-space-size=1", "--import", "tsx", "--conditions=react-server", path.join(import.meta.dirname, "backup-memory-child.ts"), variant, backupId],
    { env: { ...process.env, BENCH_CHILD_DATABASE: database }, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    throw new Error(`backup memory child (${variant}) failed: ${child.stderr.slice(-2_000)}`);
  }
  return JSON.parse(line) as ChildRun;
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

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchBackup(db: Database, options: BackupBenchOptions = {}): Promise<void> {
  const conversations = options.conversations ?? 1_000;
  const turns = options.turns ?? 20;
  const repeats = options.repeats ?? 3;
  const userId = LOCAL_USER_ID;
  console.log(`\nBackup: ${conversations} conversations x ${turns} turns (median of ${repeats})`);

  const ids = await seed(db, userId, conversations, turns);
  const creates: number[] = [];
  let backupId = "";
  let sizeBytes = 0;
  for (let i = 0; i < repeats; i += 1) {
    const run = await timed(() => createBackup({ db, userId, conversationIds: ids, reason: "bench" }));
    creates.push(run.ms);
    backupId = run.result.backupId;
    sizeBytes = run.result.sizeBytes;
  }
  console.log(`  create backup (${mb(sizeBytes)} document)`.padEnd(52) + formatMs(median(creates)).padStart(12));

  // Memory: a fresh process per download, at this size and at 4x, so growth with size shows.
  for (const size of [conversations, conversations * 4]) {
    const memory = await measureDownloads({ databaseUrl: options.databaseUrl, conversations: size, turns, repeats });
    const growth = (runs: ChildRun[]) => median(runs.map((r) => r.peakRss - r.startRss));
    const streamedGrowth = growth(memory.streamed);
    const naiveGrowth = growth(memory.naive);
    const label = `${size} conv, ${mb(memory.streamed[0]?.bytes ?? 0)}`;
    console.log(
      `  download, streamed (${label})`.padEnd(52) +
        `${formatMs(median(memory.streamed.map((r) => r.ms))).padStart(12)}   RSS growth ${mb(streamedGrowth).padStart(9)}`,
    );
    console.log(
      `  naive: load all + stringify (${label})`.padEnd(52) +
        `${formatMs(median(memory.naive.map((r) => r.ms))).padStart(12)}   RSS growth ${mb(naiveGrowth).padStart(9)}` +
        `   (${(naiveGrowth / Math.max(streamedGrowth, 1)).toFixed(1)}x streamed)`,
    );
  }

  const restores: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    await bulkDeleteConversations({ db, userId, ids, backupId });
    const run = await timed(() => restoreBackup({ db, userId, backupId }));
    if (run.result.restored !== conversations) throw new Error(`restored ${run.result.restored} of ${conversations}`);
    restores.push(run.ms);
  }
  console.log(`  restore (${conversations} missing)`.padEnd(52) + formatMs(median(restores)).padStart(12));
  console.log("  RSS growth: a fresh process's peak RSS during one download minus its RSS when it began");
  await db.query("delete from public.backup_exports where user_id = $1 and backup_reason = 'bench'", [userId]);
  await db.query("delete from public.conversations where id = any($1::uuid[])", [ids]);
}

/**
 * Seeds `conversations` conversations and a backup of them where a child process can reach
 * them (the PostgreSQL database, or a fresh PGlite directory), then runs each download
 * variant `repeats` times, alternating, each in a fresh child process. Cleans up after.
 */
async function measureDownloads(input: {
  databaseUrl?: string;
  conversations: number;
  turns: number;
  repeats: number;
}): Promise<{ streamed: ChildRun[]; naive: ChildRun[] }> {
  const tempDir = input.databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "tds-bench-backup-"));
  const database = input.databaseUrl ?? path.join(tempDir as string, "pglite");
  const userId = LOCAL_USER_ID;
  const openSource = () => createDatabase(input.databaseUrl ? { databaseUrl: input.databaseUrl } : { pgliteDir: database });

  const source = await openSource();
  let sourceOpen = true;
  let ids: string[] = [];
  try {
    ids = await seed(source, userId, input.conversations, input.turns);
    const { backupId } = await createBackup({ db: source, userId, conversationIds: ids, reason: "bench-memory" });
    // PGlite allows one process per directory: the children take turns with it.
    if (tempDir) {
      await source.close();
      sourceOpen = false;
    }

    const streamed: ChildRun[] = [];
    const naive: ChildRun[] = [];
    for (let i = 0; i < input.repeats; i += 1) {
      streamed.push(runChild("streamed", backupId, database));
      naive.push(runChild("naive", backupId, database));
    }
    const sizes = new Set(streamed.map((r) => r.bytes));
    if (sizes.size !== 1) throw new Error(`streamed downloads differ in size: ${[...sizes].join(", ")}`);
    return { streamed, naive };
  } finally {
    if (!tempDir) {
      await source.query("delete from public.backup_exports where user_id = $1 and backup_reason = 'bench-memory'", [userId]);
      await source.query("delete from public.conversations where id = any($1::uuid[])", [ids]);
    }
    if (sourceOpen) await source.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
