/**
 * Engine overhead at zero generation latency: how many items a second the batch engine
 * itself moves (claim under the budget lock, generate instantly, save the outcome) when
 * neither the provider nor the budget holds it back.
 *
 * - One BatchWorker in this process, on the bench database (both engines).
 * - On PostgreSQL, `npm run worker` processes (scripts/worker.ts) pointed at the bench
 *   database: first one, then two. Each claims up to GENERATION_MAX_IN_FLIGHT items at a
 *   time, all share one budget (claims are serialized by its advisory lock), so this shows
 *   whether a second process adds throughput or only queues behind the lock. The rate is
 *   measured from the moment every process has claimed an item (a worker process polls an
 *   idle database once a second, so they do not all notice a new batch at the same instant)
 *   to the last item's completion.
 *
 * Informational: no target (what a machine delivers depends on its cores).
 */
import os from "node:os";
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { OfflineGenerator } from "@/lib/generation/offline-generator";
import {
  counting,
  createBenchBatches,
  removeBenchUsers,
  resetBudget,
  runInProcessWorker,
  seconds,
  sleepMs,
} from "./batch-helpers";
import { startWorkerProcesses, stopWorkerProcesses } from "./worker-processes";

export interface EngineOverheadOptions {
  items?: number;
  maxInFlight?: number;
  /** The bench PostgreSQL's URL; without one (PGlite) the worker processes are skipped. */
  databaseUrl?: string;
}

export interface ThroughputRow {
  label: string;
  itemsPerSecond: number;
  measuredItems: number;
  spanMs: number;
  ok: boolean;
  note?: string;
}

export interface EngineOverheadResult {
  rows: ThroughputRow[];
  /** Two processes' items/s over one process's, when measured. */
  processRatio?: number;
  /** Every item completed exactly once in every run. */
  met: boolean;
}

/** Far above what any run here reaches: the rate never holds a claim back. */
const UNLIMITED_RATE = 100_000;

async function inProcess(db: Database, items: number, maxInFlight: number): Promise<ThroughputRow> {
  const batch = await createBenchBatches(db, { label: "engine overhead", itemsPerBatch: items });
  try {
    await resetBudget(db);
    const { generator, calls } = counting(new OfflineGenerator({ latencyMs: 0 }));
    const run = await runInProcessWorker(db, {
      budget: { ratePerMinute: UNLIMITED_RATE, windowMs: config.batch.rateWindowMs, maxInFlight },
      generator,
      expected: items,
      timeoutMs: 300_000,
    });
    const ok = !run.timedOut && run.completed === items && calls() === items;
    return {
      label: "one BatchWorker in this process",
      itemsPerSecond: (run.completed * 1000) / run.elapsedMs,
      measuredItems: run.completed,
      spanMs: run.elapsedMs,
      ok,
      note: ok ? undefined : `${run.completed} completed, ${run.other} other outcomes, ${calls()} calls`,
    };
  } finally {
    await removeBenchUsers(db, batch.userIds);
    await resetBudget(db);
  }
}

interface Sample extends Record<string, unknown> {
  at_ms: number;
  done: number;
  owners: string | null;
}

async function inProcesses(
  db: Database,
  databaseUrl: string,
  processes: number,
  items: number,
  maxInFlight: number,
): Promise<ThroughputRow> {
  const label = processes === 1 ? "1 worker process (npm run worker)" : `${processes} worker processes`;
  await resetBudget(db);
  const workers = await startWorkerProcesses(processes, {
    DATABASE_URL: databaseUrl,
    GENERATION_LATENCY_MS: "0",
    GENERATION_FAULTS: "",
    GENERATION_MAX_IN_FLIGHT: String(maxInFlight),
    GENERATION_RATE_PER_MINUTE: String(UNLIMITED_RATE),
    GENERATION_RATE_WINDOW_MS: String(config.batch.rateWindowMs),
    BATCH_WORKER: "loop",
  });
  let userIds: string[] = [];
  try {
    const batch = await createBenchBatches(db, { label: `engine overhead x${processes}`, itemsPerBatch: items });
    userIds = batch.userIds;
    const seen = new Set<string>();
    let mark: { atMs: number; done: number } | undefined;
    let done = 0;
    const deadline = Date.now() + 300_000;
    while (done < items && Date.now() < deadline) {
      const [row] = await db.query<Sample>(
        `select extract(epoch from clock_timestamp())::float8 * 1000 as at_ms,
                (select count(*)::int from public.batch_items
                  where job_id = any($1::uuid[]) and status = 'completed') as done,
                (select string_agg(distinct lease_owner, ',') from public.batch_items
                  where job_id = any($1::uuid[]) and status = 'running') as owners`,
        [batch.jobIds],
      );
      if (!row) break;
      done = Number(row.done);
      for (const owner of row.owners?.split(",") ?? []) seen.add(owner);
      if (!mark && seen.size >= processes) mark = { atMs: Number(row.at_ms), done };
      if (done < items) await sleepMs(10);
    }
    const [end] = await db.query<{ end_ms: number | null; start_ms: number | null }>(
      `select extract(epoch from max(i.completed_at))::float8 * 1000 as end_ms,
              (select extract(epoch from min(j.started_at))::float8 * 1000 from public.batch_jobs j where j.id = any($1::uuid[])) as start_ms
         from public.batch_items i where i.job_id = any($1::uuid[]) and i.status = 'completed'`,
      [batch.jobIds],
    );
    const endMs = Number(end?.end_ms ?? 0);
    let note: string | undefined;
    if (!mark) {
      // Some process never claimed an item: measure the whole run instead, and say so.
      mark = { atMs: Number(end?.start_ms ?? endMs), done: 0 };
      note = `only ${seen.size} of ${processes} processes were seen claiming`;
    }
    const measuredItems = done - mark.done;
    const spanMs = endMs - mark.atMs;
    const ok = done === items;
    return {
      label,
      itemsPerSecond: spanMs > 0 ? (measuredItems * 1000) / spanMs : 0,
      measuredItems,
      spanMs,
      ok,
      note: ok ? note : `only ${done} of ${items} items completed`,
    };
  } finally {
    await stopWorkerProcesses(workers);
    await removeBenchUsers(db, userIds);
    await resetBudget(db);
  }
}

export async function benchEngineOverhead(
  db: Database,
  options: EngineOverheadOptions = {},
): Promise<EngineOverheadResult> {
  const items = options.items ?? 1_000;
  const maxInFlight = options.maxInFlight ?? 8;
  console.log(
    `\nEngine overhead at zero generation latency: ${items} items, up to ${maxInFlight} in flight, rate not limiting, on ${db.engine}`,
  );
  console.log(`  ${"".padEnd(36)}${"items/s".padStart(9)}  measured over`);
  const print = (row: ThroughputRow) =>
    console.log(
      `  ${row.label.padEnd(36)}${row.itemsPerSecond.toFixed(1).padStart(9)}  ` +
        `${row.measuredItems} items in ${seconds(row.spanMs)}${row.note ? ` (${row.note})` : ""}`,
    );

  const rows: ThroughputRow[] = [];
  const local = await inProcess(db, items, maxInFlight);
  rows.push(local);
  print(local);

  if (db.engine !== "postgres" || !options.databaseUrl) {
    console.log(
      `  worker processes: skipped on ${db.engine}, which is one process at a time (a second process cannot ` +
        "share its data); set BENCH_DATABASE_URL to measure them on PostgreSQL",
    );
    return { rows, met: rows.every((r) => r.ok) };
  }

  const one = await inProcesses(db, options.databaseUrl, 1, items, maxInFlight);
  rows.push(one);
  print(one);
  const two = await inProcesses(db, options.databaseUrl, 2, items, maxInFlight);
  rows.push(two);
  print(two);
  const processRatio = two.itemsPerSecond / one.itemsPerSecond;
  console.log(
    `  2 processes / 1 process = ${processRatio.toFixed(2)}x on ${os.availableParallelism()} cores ` +
      `(${processRatio >= 1.05 ? "the second process adds" : "the second process does not add"}; ` +
      "claims queue behind one budget lock, and PostgreSQL shares the cores)",
  );
  return { rows, processRatio, met: rows.every((r) => r.ok) };
}
