/**
 * Fine-tuning export of 10,000 and 40,000 conversations x 20 turns: time and RSS growth of
 * the exporting process, streamed (what GET /api/exports/:id/download sends: JSONL, and a
 * zip with a 10% split) next to a baseline that builds the file in memory.
 *
 * Target: memory flat in dataset size, i.e. the streamed JSONL export's RSS growth at 40,000
 * is at most 1.2x its growth at 10,000 (the zip variant is printed too: it also keeps the
 * duplicate check's hashes and the validation id set, which grow with the dataset).
 *
 * Each measurement runs in a fresh child process (export-memory-child.ts), as the backup
 * benchmark does; the median of `repeats` runs is printed. On PGlite the database's page
 * cache is in that process too (up to shared_buffers, 128 MB): the child fills it before it
 * starts measuring, so the figure is the export's memory, not how much of the cache it touched. The data is seeded with two INSERT ... SELECT generate_series statements
 * (10,000, then 30,000 more for the same user), so seeding stays a matter of seconds. On the
 * embedded engine the children open a PGlite directory seeded for them, one at a time.
 */
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { formatMs, median } from "./timing";

export interface ExportBenchOptions {
  sizes?: [number, number];
  turns?: number;
  repeats?: number;
  databaseUrl?: string;
}

export interface ExportBenchResult {
  /** growth(large) / growth(small) of the streamed JSONL export. */
  ratio: number;
  met: boolean;
}

type Variant = "jsonl" | "zip" | "naive";

interface ChildRun {
  ms: number;
  bytes: number;
  startRss: number;
  peakRss: number;
}

function runChild(variant: Variant, userId: string, database: string): ChildRun {
  const child = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--max-semi-space-size=1",
      "--import",
      "tsx",
      "--conditions=react-server",
      path.join(import.meta.dirname, "export-memory-child.ts"),
      variant,
      userId,
    ],
    { env: { ...process.env, BENCH_CHILD_DATABASE: database }, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    throw new Error(`export memory child (${variant}) failed: ${child.stderr.slice(-2_000)}`);
  }
  return JSON.parse(line) as ChildRun;
}

/** Conversations `from`..`to` (1-based) of the user, 20 turns each, spread over 4 batches and no batch. */
async function seed(
  db: Database,
  userId: string,
  batches: string[],
  from: number,
  to: number,
  turns: number,
): Promise<void> {
  await db.query(
    `insert into public.conversations (user_id, title, topic, metadata, batch_job_id, created_at)
     select $1::uuid, 'Export bench ' || g, 'topic ' || (g % 50), jsonb_build_object('provider', 'offline', 'n', g),
            ($2::uuid[])[nullif(g % 5, 0)], now() - interval '1 day' + make_interval(secs => g)
       from generate_series($3::int, $4::int) g`,
    [userId, batches, from, to],
  );
  await db.query(
    `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
     select c.id, c.user_id, t, case when t % 2 = 0 then 'user' else 'assistant' end,
            c.title || ', turn ' || t || ': ' || repeat('training text ', 7)
       from public.conversations c cross join generate_series(0, $2::int - 1) t
      where c.user_id = $1 and c.title in (select 'Export bench ' || g from generate_series($3::int, $4::int) g)`,
    [userId, turns, from, to],
  );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchExport(options: ExportBenchOptions = {}): Promise<ExportBenchResult> {
  const [small, large] = options.sizes ?? [10_000, 40_000];
  const turns = options.turns ?? 20;
  const repeats = options.repeats ?? 3;
  const userId = randomUUID();
  console.log(
    `\nExport: ${small.toLocaleString("en-US")} and ${large.toLocaleString("en-US")} conversations x ${turns} turns (fresh process each, median of ${repeats})`,
  );

  const tempDir = options.databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "tds-bench-export-"));
  const database = options.databaseUrl ?? path.join(tempDir as string, "pglite");
  const open = () =>
    createDatabase(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { pgliteDir: database });
  const growth = (runs: ChildRun[]) => median(runs.map((r) => r.peakRss - r.startRss));
  const results = new Map<string, ChildRun[]>();

  try {
    let seeded = 0;
    const batches: string[] = [];
    for (const size of [small, large]) {
      const db = await open();
      try {
        if (batches.length === 0) {
          for (let i = 0; i < 4; i += 1) {
            const [row] = await db.query<{ id: string }>(
              `insert into public.batch_jobs (user_id, name, status, config, total_items)
               values ($1, $2, 'completed', '{"provider":"offline","model":"bench-model"}'::jsonb, 0) returning id`,
              [userId, `Export bench batch ${i + 1}`],
            );
            batches.push(row?.id as string);
          }
        }
        const t0 = performance.now();
        await seed(db, userId, batches, seeded + 1, size, turns);
        console.log(
          `  seed ${(size - seeded).toLocaleString("en-US")} conversations`.padEnd(52) +
            formatMs(performance.now() - t0).padStart(12),
        );
        seeded = size;
      } finally {
        // PGlite allows one process per directory: the children take turns with it.
        await db.close();
      }
      for (const variant of ["jsonl", "zip", "naive"] as const) {
        const runs: ChildRun[] = [];
        for (let i = 0; i < repeats; i += 1) runs.push(runChild(variant, userId, database));
        results.set(`${variant}:${size}`, runs);
        const label = { jsonl: "streamed .jsonl", zip: "streamed .zip, 10% split", naive: "naive: all in memory" }[
          variant
        ];
        console.log(
          `  ${label} (${size.toLocaleString("en-US")} conv, ${mb(runs[0]?.bytes ?? 0)})`.padEnd(52) +
            `${formatMs(median(runs.map((r) => r.ms))).padStart(12)}   RSS growth ${mb(growth(runs)).padStart(9)}`,
        );
      }
    }
  } finally {
    if (options.databaseUrl) {
      const db = await open();
      await db.query("delete from public.conversations where user_id = $1", [userId]);
      await db.query("delete from public.batch_jobs where user_id = $1", [userId]);
      await db.close();
    }
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }

  const ratioOf = (variant: Variant) =>
    growth(results.get(`${variant}:${large}`) ?? []) / Math.max(growth(results.get(`${variant}:${small}`) ?? []), 1);
  const ratio = ratioOf("jsonl");
  const met = ratio <= 1.2;
  console.log(
    `  RSS growth ${large / 1000}k / ${small / 1000}k: streamed .jsonl ${ratio.toFixed(2)}x (target <= 1.2x: ${met ? "met" : "MISSED"}), ` +
      `.zip ${ratioOf("zip").toFixed(2)}x, naive ${ratioOf("naive").toFixed(2)}x`,
  );
  console.log(
    "  RSS growth: a fresh process's peak RSS during one export minus its RSS when it began (after a GC and,",
  );
  console.log(
    "  on PGlite, with the embedded database's page cache already filled: it is bounded by shared_buffers, 128 MB)",
  );
  return { ratio, met };
}
