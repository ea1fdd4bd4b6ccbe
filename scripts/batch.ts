/**
 * `npm run batch -- run|resume <jobId> [--user <uuid>] [--concurrency 3] [--lease-ms 60000] [--json]`
 *
 * Processes a batch with the same services as the app (claim, generate, complete in one
 * transaction), for operators and crash tests. `run` and `resume` do the same thing: only
 * items that still need work are generated, whatever happened before.
 *
 * Database: with DATABASE_URL it opens PostgreSQL directly, and any number of runners on any
 * number of machines can share one batch. Without it, it opens the embedded PGlite dir
 * (PGLITE_DIR) only if no other process holds it: while the app runs on that dir this
 * refuses with the lock's message (use DATABASE_URL, or stop the app). It never opens the
 * dir a second time.
 *
 * Exit codes: 0 finished (completed, possibly with errors), 1 failure, 2 bad usage or the
 * database is locked, 3 stopped with work left (interrupted, or failures left for a resume).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { runBatch, type RunBatchSummary } from "@/lib/batch/run-batch";
import type { BatchRunProgress } from "@/lib/batch/processor";
import { config } from "@/lib/config";
import { createDatabase, databaseOptionsFromEnv } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { EnvError } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";

const USAGE = `usage: npm run batch -- run|resume <jobId> [--user <uuid>] [--concurrency N] [--lease-ms N] [--json]

  run | resume     process every item of the batch that still needs work
  --user           the batch owner's user id (default: the local user ${LOCAL_USER_ID})
  --concurrency    items generated at once (1..${config.batch.maxConcurrency}, default ${config.batch.defaultConcurrency})
  --lease-ms       how long a claimed item stays reserved without a renewal (default ${config.batch.leaseMs})
  --json           one JSON object per line instead of text`;

class UsageError extends Error {}

interface Cli {
  command: "run" | "resume";
  jobId: string;
  userId: string;
  concurrency: number;
  leaseMs: number | undefined;
  json: boolean;
}

function parseCli(argv: string[]): Cli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: "string" },
      concurrency: { type: "string" },
      "lease-ms": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  const [command, jobId, ...rest] = positionals;
  if (command !== "run" && command !== "resume") throw new UsageError(`unknown command ${JSON.stringify(command ?? "")}`);
  if (!isUuid(jobId)) throw new UsageError("<jobId> must be the batch's UUID");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  const userId = values.user ?? LOCAL_USER_ID;
  if (!isUuid(userId)) throw new UsageError("--user must be a UUID");
  const concurrency = values.concurrency === undefined ? config.batch.defaultConcurrency : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > config.batch.maxConcurrency) {
    throw new UsageError(`--concurrency must be a whole number from 1 to ${config.batch.maxConcurrency}`);
  }
  const leaseMs = values["lease-ms"] === undefined ? undefined : Number(values["lease-ms"]);
  if (leaseMs !== undefined && (!Number.isInteger(leaseMs) || leaseMs < 200 || leaseMs > 3_600_000)) {
    throw new UsageError("--lease-ms must be a whole number of milliseconds from 200 to 3600000");
  }
  return { command, jobId: jobId.toLowerCase(), userId: userId.toLowerCase(), concurrency, leaseMs, json: values.json };
}

/** Like Next.js: .env.local, then .env; variables already set in the environment win. */
function loadEnvFiles(): void {
  for (const file of [".env.local", ".env"]) {
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}

function explain(err: unknown): string {
  if (err instanceof EnvError) return err.message;
  // The operator runs the server: the error's own text (e.g. who holds the PGlite lock and
  // what to do instead) helps more than the sentence written for end users.
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function progressLine(p: BatchRunProgress): string {
  const width = String(p.totalItems).length;
  const done = String(p.completedItems + p.failedItems).padStart(width);
  return `[${done}/${p.totalItems}] ${p.outcome.padEnd(9)} ${p.itemId}  (${p.completedItems} completed, ${p.failedItems} failed, ${p.pendingItems} pending)`;
}

async function main(): Promise<number> {
  let cli: Cli;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      if (err.message) console.error(`batch: ${err.message}`);
      console.error(USAGE);
      return 2;
    }
    throw err;
  }

  loadEnvFiles();
  const emit = (event: Record<string, unknown>, text: string) => console.log(cli.json ? JSON.stringify(event) : text);
  const stop = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    emit({ event: "stopping" }, "Stopping: items in flight are finished and saved (Ctrl-C again to quit at once).");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let db: Database | undefined;
  try {
    // On PGlite this takes the data dir's lock; while the app holds it, the lock's message
    // (who holds it, and the ways out: DATABASE_URL or the app's HTTP API) is printed below.
    db = await createDatabase(databaseOptionsFromEnv());
    emit({ event: "start", pid: process.pid, jobId: cli.jobId, engine: db.engine }, `Batch ${cli.jobId} on ${db.engine} (pid ${process.pid})`);
    const summary: RunBatchSummary = await runBatch({
      db,
      userId: cli.userId,
      jobId: cli.jobId,
      concurrency: cli.concurrency,
      leaseMs: cli.leaseMs,
      signal: stop.signal,
      onProgress: (p) => emit({ event: "progress", ...p, error: p.error === undefined ? undefined : explain(p.error) }, progressLine(p)),
      onNote: (message) => emit({ event: "note", message }, message),
    });
    const p = summary.progress;
    emit(
      { event: "done", ...summary },
      `${summary.jobStatus}: ${p.completedItems} completed, ${p.failedItems} failed, ${p.pendingItems} pending ` +
        `(this run: ${summary.generated} generated, ${summary.failedAttempts} failed attempts)`,
    );
    return summary.jobStatus === "completed" || summary.jobStatus === "completed_with_errors" ? 0 : 3;
  } catch (err) {
    const code = err instanceof AppError ? err.code : undefined;
    emit({ event: "error", code, message: explain(err) }, `batch failed: ${explain(err)}`);
    if (code === ErrorCode.DB_LOCKED) return 2;
    if (code === ErrorCode.GONE) {
      // Resuming a batch that already finished is not a failure; one that was discarded is not done.
      const status = err instanceof AppError ? err.context.status : undefined;
      return status === "completed" || status === "completed_with_errors" ? 0 : 3;
    }
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await db?.close().catch(() => undefined);
  }
}

process.exitCode = await main();
