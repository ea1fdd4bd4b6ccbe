/**
 * `npm run worker`: the batch engine's worker loop without serving pages, for more capacity
 * beside the app. Every app process already runs one; add workers on other machines pointed
 * at the same DATABASE_URL (PostgreSQL: PGlite is one process at a time, and the app owns it).
 *
 * SIGTERM / Ctrl-C: stops claiming, lets in-flight items finish (bounded), hands the rest
 * back, and exits.
 */
import { explain, loadEnvFiles } from "./cli-support";
import { startProcessWorker, handleShutdownSignals } from "@/lib/batch/worker/process-worker";
import { closeDb, getDb } from "@/lib/db/app-database";
import { serverEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";

loadEnvFiles();

try {
  const env = serverEnv();
  const db = await getDb();
  handleShutdownSignals(() => closeDb());
  const worker = await startProcessWorker();
  console.log(
    `Batch worker ${worker.id} on ${db.engine}: up to ${env.GENERATION_MAX_IN_FLIGHT} in flight and ` +
      `${env.GENERATION_RATE_PER_MINUTE} calls a minute across the deployment. Ctrl-C stops it.`,
  );
} catch (err) {
  console.error(`worker failed to start: ${explain(err)}`);
  process.exit(err instanceof AppError && err.code === ErrorCode.DB_LOCKED ? 2 : 1);
}
