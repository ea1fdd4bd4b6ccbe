/**
 * `npm run bench`: performance figures measured side by side in one run, never asserted
 * in tests. Runs on in-memory PGlite by default; set BENCH_DATABASE_URL to measure a real
 * PostgreSQL (a throwaway one: the benchmark writes rows).
 */
import { createDatabase } from "@/lib/db/create-database";
import { MEMORY_DATA_DIR } from "@/lib/db/pglite-engine";
import { benchBackup } from "./backup";
import { benchBatchWallTime } from "./batch-wall-time";
import { benchCheckpointCost } from "./checkpoint-cost";
import { benchPagination } from "./pagination";

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 20_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 15);
const batchItems = Number(process.env.BENCH_BATCH_ITEMS ?? 100);

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const db = await createDatabase(url ? { databaseUrl: url } : { pgliteDir: MEMORY_DATA_DIR });
  console.log(`Engine: ${db.engine}`);
  try {
    await benchPagination(db, { conversations, repeats });
    await benchCheckpointCost(db);
    await benchBatchWallTime(db, { items: batchItems });
    await benchBackup(db, { databaseUrl: url });
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
