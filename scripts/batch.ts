/**
 * `npm run batch -- resume <jobId> [--user <uuid>] [--json]`
 *
 * Resumes a paused or interrupted batch for operators. The batch is marked to run; when a
 * worker of the deployment is alive (the app, `npm run worker`), that worker carries on and
 * this command returns at once. When none is (the app is down), this process runs the
 * engine's worker itself until the batch has finished, printing each item's outcome.
 *
 * Database: DATABASE_URL, or the embedded PGlite dir (PGLITE_DIR) when no other process
 * holds it: while the app runs on that dir this refuses with the lock's message (resume from
 * the app instead: POST /api/batches/<jobId>/resume). It never opens the dir a second time.
 *
 * Exit codes: 0 resumed (and, when run here, finished), 1 failure, 2 bad usage or the
 * database is locked, 3 the batch cannot be resumed (cancelled) or stopped with work left.
 */
import { parseArgs } from "node:util";
import { UsageError, runCommand, type Emit } from "./cli-support";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { getBatch } from "@/lib/batch/batch-queries";
import { resumeBatch } from "@/lib/batch/control";
import { isTerminalJobStatus } from "@/lib/batch/status";
import { BatchWorker } from "@/lib/batch/worker/batch-worker";
import { budgetFromEnv } from "@/lib/batch/worker/worker-options";
import { isAnyWorkerAlive } from "@/lib/batch/workers";
import type { Database } from "@/lib/db/types";
import { serverEnv } from "@/lib/env";
import { ErrorCode } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";

const USAGE = `usage: npm run batch -- resume <jobId> [--user <uuid>] [--json]

  resume     run a paused or interrupted batch again (here, when no worker of the app is alive)
  --user     the batch owner's user id (default: the local user ${LOCAL_USER_ID})
  --json     one JSON object per line instead of text`;

interface Cli {
  jobId: string;
  userId: string;
  json: boolean;
}

function parseCli(argv: string[]): Cli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  const [command, jobId, ...rest] = positionals;
  if (command !== "resume") throw new UsageError(`unknown command ${JSON.stringify(command ?? "")}`);
  if (!isUuid(jobId)) throw new UsageError("<jobId> must be the batch's UUID");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  const userId = values.user ?? LOCAL_USER_ID;
  if (!isUuid(userId)) throw new UsageError("--user must be a UUID");
  return { jobId: jobId.toLowerCase(), userId: userId.toLowerCase(), json: values.json };
}

/** Runs the engine here until the batch has finished (or a signal stops it). */
async function runHere(db: Database, cli: Cli, emit: Emit): Promise<number> {
  const env = serverEnv();
  const worker = new BatchWorker({
    db,
    budget: budgetFromEnv(env),
    leaseMs: env.BATCH_LEASE_MS,
    onOutcome: ({ claim, outcome }) =>
      emit(
        { event: "progress", jobId: claim.jobId, itemId: claim.item.id, outcome },
        `${outcome.padEnd(9)} item ${claim.item.index + 1} of batch ${claim.jobId}`,
      ),
  });
  let stopped = false;
  const onSignal = () => {
    if (stopped) process.exit(130);
    stopped = true;
    emit({ event: "stopping" }, "Stopping: items in flight are finished and saved (Ctrl-C again to quit at once).");
    void worker.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await worker.start();
    for (;;) {
      const { job, progress } = await getBatch({ db, userId: cli.userId, jobId: cli.jobId });
      if (isTerminalJobStatus(job.status) || stopped) {
        await worker.stop();
        emit(
          { event: "done", status: job.status, progress },
          `${job.status}: ${progress.completedItems} completed, ${progress.failedItems} failed, ${progress.pendingItems} pending`,
        );
        return isTerminalJobStatus(job.status) ? 0 : 3;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Resumes the batch; with no live worker of the app, this process runs it to the end. */
async function resume(db: Database, cli: Cli, emit: Emit): Promise<number> {
  emit(
    { event: "start", pid: process.pid, jobId: cli.jobId, engine: db.engine },
    `Batch ${cli.jobId} on ${db.engine} (pid ${process.pid})`,
  );
  const resumed = await resumeBatch({ db, userId: cli.userId, jobId: cli.jobId });
  if (await isAnyWorkerAlive(db)) {
    emit(
      { event: "resumed", ...resumed, runHere: false },
      `Resumed: the app's workers are running batch ${cli.jobId}.`,
    );
    return 0;
  }
  emit(
    { event: "resumed", ...resumed, runHere: true },
    "Resumed: no worker of the app is alive, so this process runs the batch.",
  );
  return await runHere(db, cli, emit);
}

process.exitCode = await runCommand({
  name: "batch",
  usage: USAGE,
  parse: parseCli,
  run: resume,
  // Resuming a batch that already finished is not a failure; a cancelled one cannot resume.
  exitCodeFor: (code) =>
    code === ErrorCode.DB_LOCKED ? 2 : code === ErrorCode.CONFLICT ? 0 : code === ErrorCode.GONE ? 3 : 1,
});
