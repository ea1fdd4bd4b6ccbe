/**
 * `npm run bench`: performance figures measured side by side in one run, never asserted
 * in tests. Runs on in-memory PGlite by default; set BENCH_DATABASE_URL to measure a real
 * PostgreSQL (a throwaway one: the benchmark writes rows). The parts that run several worker
 * processes need PostgreSQL and say so on PGlite.
 *
 * A part with a target that is missed makes the run exit with code 1 (after every part has
 * printed its figures): the checkpoint cost ratio, the batch wall time ratio, the provider
 * budget under contention, every item of the engine benchmarks completed once, and the
 * streamed export's memory flat in dataset size (growth at 40,000 <= 1.2x growth at 10,000).
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

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const db = await createDatabase(url ? { databaseUrl: url } : { pgliteDir: MEMORY_DATA_DIR });
  console.log(`Engine: ${db.engine}`);
  const missed: string[] = [];
  try {
    await benchPagination(db, { conversations, repeats });
    const checkpoint = await benchCheckpointCost(db);
    const ours = checkpoint.rows[0];
    if (!ours || ours.ratio >= 1.5) missed.push("checkpoint cost: ours above 1.5x");
    const wallTime = await benchBatchWallTime(db, { items: batchItems });
    for (const r of wallTime) if (!r.met) missed.push(`batch wall time ${r.scenario.label}: ${r.ratio.toFixed(3)}x`);
    const overhead = await benchEngineOverhead(db, { items: engineItems, databaseUrl: url });
    if (!overhead.met) missed.push("engine overhead: not every item completed once");
    const contention = await benchBudgetContention(db, { databaseUrl: url });
    if (!contention.met) {
      missed.push(`provider budget: busiest window ${contention.busiestWindow}, largest in flight ${contention.maxInFlight}`);
    }
    await benchBackup(db, { databaseUrl: url });
    const exported = await benchExport({ databaseUrl: url });
    if (!exported.met) missed.push(`export memory: RSS growth 40k/10k ${exported.ratio.toFixed(2)}x (target <= 1.2x)`);
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
