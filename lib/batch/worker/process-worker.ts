import "server-only";
import { after } from "next/server";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { batchWorkerMode, serverEnv } from "@/lib/env";
import { errorLogger } from "@/lib/errors";
import { isAnyWorkerAlive } from "../workers";
import { BatchWorker } from "./batch-worker";
import { runDrive } from "./drive";
import { budgetFromEnv } from "./worker-options";

/*
 * The process's batch engine, whatever serves it: a long-lived worker loop (next start,
 * next dev, npm run worker) or serverless drives. Kept on globalThis for the same reason as
 * the database: Next.js bundles route handlers and instrumentation separately.
 */

interface EngineState {
  worker?: BatchWorker;
  starting?: Promise<BatchWorker>;
  shutdownHooked?: boolean;
}

const STATE_KEY = Symbol.for("training-data-studio.batch-engine");
type GlobalWithEngine = typeof globalThis & { [STATE_KEY]?: EngineState };

function state(): EngineState {
  const g = globalThis as GlobalWithEngine;
  g[STATE_KEY] ??= {};
  return g[STATE_KEY];
}

/** Starts this process's worker loop (once). */
export function startProcessWorker(): Promise<BatchWorker> {
  const s = state();
  s.starting ??= (async () => {
    const { runDailyCleanup } = await import("@/lib/maintenance/daily-cleanup");
    const env = serverEnv();
    const db = await getDb();
    const worker = new BatchWorker({
      db,
      kind: "loop",
      budget: budgetFromEnv(env),
      leaseMs: env.BATCH_LEASE_MS,
      // Retention holds on long-lived deployments without Vercel's cron too.
      daily: { intervalMs: config.batch.backupPurgeIntervalMs, run: () => runDailyCleanup({ db }) },
    });
    await worker.start();
    s.worker = worker;
    return worker;
  })();
  s.starting.catch(() => {
    s.starting = undefined;
  });
  return s.starting;
}

/** Stops this process's worker gracefully (SIGTERM): see BatchWorker.stop. */
export async function stopProcessWorker(graceMs?: number): Promise<void> {
  const worker = state().worker;
  if (worker) await worker.stop(graceMs);
}

/**
 * On SIGTERM / SIGINT: stop claiming, let in-flight items finish (bounded), hand back the
 * rest, then exit. Installed only where this process owns its signals (npm run worker, and
 * next start with NEXT_MANUAL_SIG_HANDLE=true, which `npm start` sets); otherwise Next's own
 * handler exits at once and the leases of interrupted items simply run out.
 */
export function handleShutdownSignals(onStopped: () => Promise<void> = async () => undefined): void {
  const s = state();
  if (s.shutdownHooked) return;
  s.shutdownHooked = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await stopProcessWorker();
        await onStopped();
      } catch (error) {
        errorLogger.error(error, { stage: "shutdown" });
      } finally {
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * Something new to run (a batch created, resumed or retried; a page found one stalled).
 * A long-lived process wakes its loop; serverless starts a drive after the response when no
 * worker is alive (a live drive picks the work up by itself).
 */
export async function kickBatchEngine(): Promise<void> {
  const env = serverEnv();
  const mode = batchWorkerMode(env);
  if (mode === "loop") {
    state().worker?.wake();
    return;
  }
  if (mode !== "drive") return;
  const db = await getDb();
  if (await isAnyWorkerAlive(db)) return;
  after(async () => {
    try {
      await runDrive({ db, env });
    } catch (error) {
      errorLogger.error(error, { stage: "drive" });
    }
  });
}
