/**
 * Backup of 1,000 conversations x 20 turns on each engine, PGlite and PostgreSQL side by side
 * (the table README.md shows): create time, download time and the download's memory against a
 * naive baseline that builds the whole JSON string in memory (the seed's design: load
 * everything, JSON.stringify it), and restore time.
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
 * download (peak RSS sampled every 2 ms minus RSS when it started), at 1,000 conversations and
 * at 4x that. That growth is mostly garbage V8 has not collected yet (it collects lazily while
 * the heap is far from its limit), so the stream is run once more with V8's heap capped below
 * the 4x document's size (HEAP_CAP_MB), and the naive build once at 4x under the same cap.
 * Target: the capped stream delivers the whole 4x document on every engine measured (a
 * download that holds the document runs out of memory, as the naive one shows).
 * On the embedded engine the children open a PGlite directory seeded for them, one at a time
 * (its lock allows one).
 *
 * The PostgreSQL column needs BENCH_DATABASE_URL (a throwaway database: rows are written).
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
import { MEMORY_DATA_DIR } from "@/lib/db/pglite-engine";
import type { Database, EngineName } from "@/lib/db/types";
import { median } from "./timing";

export interface BackupBenchOptions {
  conversations?: number;
  turns?: number;
  repeats?: number;
  /** The PostgreSQL URL `db` is connected to; without it the PostgreSQL column is skipped. */
  databaseUrl?: string;
}

export interface BackupBenchResult {
  /** Targets missed, one line each (empty when every target is met). */
  missed: string[];
}

/** V8's old-generation cap (MB) of the capped streamed download: below the 4x document's 41.7 MB. */
export const HEAP_CAP_MB = 32;

type Variant = "streamed" | "naive";

/** A table cell: a run's figures, or why there are none ("out of memory", "failed"). */
type Cell = Timing | string;

interface ChildRun {
  ms: number;
  bytes: number;
  startRss: number;
  peakRss: number;
}

interface Timing {
  ms: number;
  growth: number;
}

interface DownloadFigures {
  conversations: number;
  bytes: number;
  streamed: Timing;
  naive: Timing;
  /** The streamed download under HEAP_CAP_MB, or why a run did not deliver the whole document. */
  capped: Cell;
  /** The naive build under HEAP_CAP_MB, once, at 4x only. */
  cappedNaive?: Cell;
}

interface EngineFigures {
  createMs: number;
  sizeBytes: number;
  downloads: DownloadFigures[];
  restoreMs: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/** One download in a fresh process, with its stderr when it failed (a capped one may run out of memory). */
function spawnChild(
  variant: Variant,
  backupId: string,
  database: string,
  capped = false,
): ChildRun | { failed: string } {
  const child = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--max-semi-space-size=1",
      ...(capped ? [`--max-old-space-size=${HEAP_CAP_MB}`] : []),
      "--import",
      "tsx",
      "--conditions=react-server",
      path.join(import.meta.dirname, "backup-memory-child.ts"),
      variant,
      backupId,
    ],
    { env: { ...process.env, BENCH_CHILD_DATABASE: database }, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status === 0 && line.startsWith("{")) return JSON.parse(line) as ChildRun;
  return { failed: child.stderr };
}

function runChild(variant: Variant, backupId: string, database: string): ChildRun {
  const run = spawnChild(variant, backupId, database);
  if ("failed" in run) throw new Error(`backup memory child (${variant}) failed: ${run.failed.slice(-2_000)}`);
  return run;
}

/** A download under HEAP_CAP_MB: its figures, or why it failed (running out of memory is a result here, not a crash). */
function runCapped(variant: Variant, backupId: string, database: string): ChildRun | string {
  const run = spawnChild(variant, backupId, database, true);
  if (!("failed" in run)) return run;
  return /heap out of memory|Reached heap limit/.test(run.failed) ? "out of memory" : "failed";
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
const ms = (value: number) => `${Math.round(value)} ms`;
const timing = (runs: ChildRun[]): Timing => ({
  ms: median(runs.map((r) => r.ms)),
  growth: median(runs.map((r) => r.peakRss - r.startRss)),
});

/** Every figure of one engine: `db` for create and restore, fresh child processes for the downloads. */
async function measureEngine(
  db: Database,
  options: Required<Omit<BackupBenchOptions, "databaseUrl">> & { databaseUrl?: string },
): Promise<EngineFigures> {
  const { conversations, turns, repeats } = options;
  const userId = LOCAL_USER_ID;
  const ids = await seed(db, userId, conversations, turns);
  try {
    const creates: number[] = [];
    let backupId = "";
    let sizeBytes = 0;
    for (let i = 0; i < repeats; i += 1) {
      const run = await timed(() => createBackup({ db, userId, conversationIds: ids, reason: "bench" }));
      creates.push(run.ms);
      backupId = run.result.backupId;
      sizeBytes = run.result.sizeBytes;
    }

    // Memory: a fresh process per download, at this size and at 4x, so growth with size shows.
    const downloads: DownloadFigures[] = [];
    for (const size of [conversations, conversations * 4]) {
      const runs = await measureDownloads({
        databaseUrl: options.databaseUrl,
        conversations: size,
        turns,
        repeats,
        cappedNaive: size > conversations,
      });
      const bytes = runs.streamed[0]?.bytes ?? 0;
      // Every capped run must have delivered the whole document.
      const capped = runs.capped.filter((r): r is ChildRun => typeof r !== "string" && r.bytes === bytes);
      const cappedFailure = runs.capped.find((r): r is string => typeof r === "string") ?? "incomplete";
      downloads.push({
        conversations: size,
        bytes,
        streamed: timing(runs.streamed),
        naive: timing(runs.naive),
        capped: capped.length === runs.capped.length ? timing(capped) : cappedFailure,
        cappedNaive:
          runs.cappedNaive && (typeof runs.cappedNaive === "string" ? runs.cappedNaive : timing([runs.cappedNaive])),
      });
    }

    const restores: number[] = [];
    for (let i = 0; i < repeats; i += 1) {
      await bulkDeleteConversations({ db, userId, ids, backupId });
      const run = await timed(() => restoreBackup({ db, userId, backupId }));
      if (run.result.restored !== conversations) throw new Error(`restored ${run.result.restored} of ${conversations}`);
      restores.push(run.ms);
    }
    return { createMs: median(creates), sizeBytes, downloads, restoreMs: median(restores) };
  } finally {
    await db.query("delete from public.backup_exports where user_id = $1 and backup_reason = 'bench'", [userId]);
    await db.query("delete from public.conversations where id = any($1::uuid[])", [ids]);
  }
}

const LABEL_WIDTH = 50;
const COLUMN_WIDTH = 17;

/**
 * One row: a label, then per engine a time and optionally an RSS growth ("242 ms  44 MB");
 * "-" for an engine not measured, or why a run did not complete ("out of memory").
 */
function row(label: string, cells: ({ ms: number; growth?: number } | string | undefined)[]): string {
  const cell = (value: { ms: number; growth?: number } | string | undefined) => {
    if (value === undefined) return "-".padStart(9).padEnd(COLUMN_WIDTH);
    if (typeof value === "string") return value.padStart(16).padEnd(COLUMN_WIDTH);
    const growth = value.growth === undefined ? "" : `${Math.round(value.growth / 1024 / 1024)} MB`.padStart(7);
    return (ms(value.ms).padStart(9) + growth).padEnd(COLUMN_WIDTH - 1).padStart(COLUMN_WIDTH);
  };
  return (`  ${label}`.padEnd(LABEL_WIDTH) + cells.map(cell).join("")).trimEnd();
}

function printTable(columns: { name: string; figures?: EngineFigures }[]): void {
  const [reference] = columns.map((c) => c.figures).filter((f): f is EngineFigures => f !== undefined);
  if (!reference) return;
  console.log(
    (
      "".padEnd(LABEL_WIDTH) + columns.map((c) => c.name.padStart(COLUMN_WIDTH - 6).padEnd(COLUMN_WIDTH)).join("")
    ).trimEnd(),
  );
  console.log(
    row(
      `create backup (${mb(reference.sizeBytes)} document)`,
      columns.map((c) => c.figures && { ms: c.figures.createMs }),
    ),
  );
  reference.downloads.forEach((download, index) => {
    const label = `${download.conversations} conv, ${mb(download.bytes)}`;
    const at = (c: { figures?: EngineFigures }) => c.figures?.downloads[index];
    console.log(
      row(
        `download, streamed (${label})`,
        columns.map((c) => at(c)?.streamed),
      ),
    );
    console.log(
      row(
        `naive: load all + stringify (${label})`,
        columns.map((c) => at(c)?.naive),
      ),
    );
  });
  reference.downloads.forEach((download, index) => {
    const label = `streamed, heap capped at ${HEAP_CAP_MB} MB (${download.conversations} conv)`;
    console.log(
      row(
        label,
        columns.map((c) => c.figures?.downloads[index]?.capped),
      ),
    );
  });
  const large = reference.downloads.at(-1);
  if (large) {
    const label = `naive, heap capped at ${HEAP_CAP_MB} MB (${large.conversations} conv)`;
    console.log(
      row(
        label,
        columns.map((c) => c.figures?.downloads.at(-1)?.cappedNaive),
      ),
    );
  }
  const conversations = reference.downloads[0]?.conversations ?? 0;
  console.log(
    row(
      `restore (${conversations} missing)`,
      columns.map((c) => c.figures && { ms: c.figures.restoreMs }),
    ),
  );
  console.log("  (MB = RSS growth of a fresh process during one download)");
}

/** growth(4x) / growth(1x) of a variant (growth under 1 MB counts as 1 MB): how much its memory follows the document's size. */
function growthRatio(figures: EngineFigures, pick: (d: DownloadFigures) => Cell): string {
  const [small, large] = figures.downloads.map(pick).map((c) => (typeof c === "string" ? undefined : c));
  const floor = 1024 * 1024;
  return small && large ? `${(Math.max(large.growth, floor) / Math.max(small.growth, floor)).toFixed(2)}x` : "-";
}

export async function benchBackup(db: Database, options: BackupBenchOptions = {}): Promise<BackupBenchResult> {
  const settings = {
    conversations: options.conversations ?? 1_000,
    turns: options.turns ?? 20,
    repeats: options.repeats ?? 3,
  };
  console.log(
    `\nBackup: ${settings.conversations} conversations x ${settings.turns} turns (median of ${settings.repeats})`,
  );

  // The PGlite column always runs (in memory when the bench itself is on PostgreSQL).
  const engines: Partial<Record<EngineName, EngineFigures>> = {};
  const pglite = db.engine === "pglite" ? db : await createDatabase({ pgliteDir: MEMORY_DATA_DIR });
  try {
    engines.pglite = await measureEngine(pglite, settings);
  } finally {
    if (pglite !== db) await pglite.close();
  }
  if (options.databaseUrl && db.engine === "postgres") {
    engines.postgres = await measureEngine(db, { ...settings, databaseUrl: options.databaseUrl });
  }

  printTable([
    { name: "PGlite", figures: engines.pglite },
    { name: "PostgreSQL", figures: engines.postgres },
  ]);
  if (!engines.postgres)
    console.log("  PostgreSQL: skipped; set BENCH_DATABASE_URL to a throwaway PostgreSQL to measure it");

  const missed: string[] = [];
  for (const [name, figures] of [
    ["PGlite", engines.pglite],
    ["PostgreSQL", engines.postgres],
  ] as const) {
    if (!figures) continue;
    const large = figures.downloads.at(-1);
    const met = large !== undefined && typeof large.capped !== "string";
    console.log(
      `  ${name}: RSS growth at 4x / at 1x: streamed ${growthRatio(figures, (d) => d.streamed)}, ` +
        `naive ${growthRatio(figures, (d) => d.naive)}, capped stream ${growthRatio(figures, (d) => d.capped)}; ` +
        `${large ? mb(large.bytes) : "the"} document streamed within a ${HEAP_CAP_MB} MB heap: ${met ? "met" : "MISSED"}`,
    );
    if (!met) missed.push(`backup download on ${name}: the 4x document did not stream within a ${HEAP_CAP_MB} MB heap`);
  }
  return { missed };
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
  /** Also run the naive build once under the heap cap. */
  cappedNaive: boolean;
}): Promise<{
  streamed: ChildRun[];
  naive: ChildRun[];
  capped: (ChildRun | string)[];
  cappedNaive?: ChildRun | string;
}> {
  const tempDir = input.databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "tds-bench-backup-"));
  const database = input.databaseUrl ?? path.join(tempDir as string, "pglite");
  const userId = LOCAL_USER_ID;
  const openSource = () =>
    createDatabase(input.databaseUrl ? { databaseUrl: input.databaseUrl } : { pgliteDir: database });

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
    const capped: (ChildRun | string)[] = [];
    for (let i = 0; i < input.repeats; i += 1) {
      streamed.push(runChild("streamed", backupId, database));
      naive.push(runChild("naive", backupId, database));
      capped.push(runCapped("streamed", backupId, database));
    }
    const cappedNaive = input.cappedNaive ? runCapped("naive", backupId, database) : undefined;
    const sizes = new Set(streamed.map((r) => r.bytes));
    if (sizes.size !== 1) throw new Error(`streamed downloads differ in size: ${[...sizes].join(", ")}`);
    return { streamed, naive, capped, cappedNaive };
  } finally {
    if (!tempDir) {
      await source.query("delete from public.backup_exports where user_id = $1 and backup_reason = 'bench-memory'", [
        userId,
      ]);
      await source.query("delete from public.conversations where id = any($1::uuid[])", [ids]);
    }
    if (sourceOpen) await source.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
