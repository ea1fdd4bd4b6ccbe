/**
 * `npm run bench`: performance figures measured side by side in one run, never asserted
 * in tests. Runs on in-memory PGlite by default; set BENCH_DATABASE_URL to measure a real
 * PostgreSQL (a throwaway one: the benchmark writes rows). The parts that run several worker
 * processes need PostgreSQL and say so on PGlite.
 *
 * A part with a target that is missed makes the run exit with code 1 (after every part has
 * printed its figures): the checkpoint cost ratio, the batch wall time ratio, the provider
 * budget under contention, every item of the engine benchmarks completed once, the backup
 * download streaming a 41.7 MB document within a 32 MB heap (on PGlite, and on PostgreSQL
 * with BENCH_DATABASE_URL), and the streamed export's memory flat in dataset size (growth at
 * 40,000 <= 1.2x growth at 10,000).
 *
 * `npm run bench -- backup export` runs only the parts named (see PARTS); no name runs all.
 */
import { createDatabase } from "@/lib/db/create-database";
import { MEMORY_DATA_DIR } from "@/lib/db/pglite-engine";
import { benchBackup } from "./backup";
import { benchBatchWallTime } from "./batch-wall-time";
import { benchBudgetContention } from "./budget-contention";
import { benchCheckpointCost } from "./checkpoint-cost";
import { benchEngineOverhead } from "./engine-overhead";
import { benchExport } from "./export";
import { benchPagination } from "./pagination";

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 20_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 15);
const batchItems = Number(process.env.BENCH_BATCH_ITEMS ?? 100);
const engineItems = Number(process.env.BENCH_ENGINE_ITEMS ?? 1_000);

const PARTS = ["pagination", "checkpoint", "wall-time", "engine", "contention", "backup", "export"] as const;
type Part = (typeof PARTS)[number];

/** The parts named on the command line, all when none is; an unknown name stops the run. */
function selectedParts(args: readonly string[]): Set<Part> {
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0)
    throw new Error(`unknown bench part ${unknown.join(", ")}; the parts are ${PARTS.join(", ")}`);
  return new Set(args.length > 0 ? (args as Part[]) : PARTS);
}

async function main(): Promise<void> {
  const parts = selectedParts(process.argv.slice(2));
  const url = process.env.BENCH_DATABASE_URL;
  const db = await createDatabase(url ? { databaseUrl: url } : { pgliteDir: MEMORY_DATA_DIR });
  console.log(`Engine: ${db.engine}`);
  const missed: string[] = [];
  try {
    if (parts.has("pagination")) await benchPagination(db, { conversations, repeats });
    if (parts.has("checkpoint")) {
      const checkpoint = await benchCheckpointCost(db);
      const ours = checkpoint.rows[0];
      if (!ours || ours.ratio >= 1.5) missed.push("checkpoint cost: ours above 1.5x");
    }
    if (parts.has("wall-time")) {
      const wallTime = await benchBatchWallTime(db, { items: batchItems });
      for (const r of wallTime) if (!r.met) missed.push(`batch wall time ${r.scenario.label}: ${r.ratio.toFixed(3)}x`);
    }
    if (parts.has("engine")) {
      const overhead = await benchEngineOverhead(db, { items: engineItems, databaseUrl: url });
      if (!overhead.met) missed.push("engine overhead: not every item completed once");
    }
    if (parts.has("contention")) {
      const contention = await benchBudgetContention(db, { databaseUrl: url });
      if (!contention.met) {
        missed.push(
          `provider budget: busiest window ${contention.busiestWindow}, largest in flight ${contention.maxInFlight}`,
        );
      }
    }
    if (parts.has("backup")) missed.push(...(await benchBackup(db, { databaseUrl: url })).missed);
    if (parts.has("export")) {
      const exported = await benchExport({ databaseUrl: url });
      if (!exported.met)
        missed.push(`export memory: RSS growth 40k/10k ${exported.ratio.toFixed(2)}x (target <= 1.2x)`);
    }
  } finally {
    await db.close();
  }
  if (missed.length > 0) {
    console.error(`\nTargets missed:\n${missed.map((m) => `  - ${m}`).join("\n")}`);
    process.exitCode = 1;
  } else {
    console.log("\nEvery target met.");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
