/**
 * Runs once when the Next.js server starts. Parsing the environment here turns a wrong
 * value into a start-up failure naming the variable, rather than a 500 on first use; an
 * unsafe deployment (production in local mode, lib/security/startup-checks.ts) fails here too.
 * With DATABASE_URL set, pending migrations are applied now (under an advisory lock, so
 * several instances starting together apply each one once).
 *
 * Then the batch engine starts (BATCH_WORKER=loop, the default off Vercel): this process
 * claims and generates items of every running batch until it stops, so a batch finishes with
 * no tab open. On PGlite that opens the data dir now, making this process its one owner.
 * Never during `next build`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv, batchWorkerMode } = await import("./lib/env");
  const { assertSafeDeploymentOfThisProcess, failStartup } = await import("./lib/security/startup-checks");
  // A wrong variable stops the server (exit 1) instead of leaving it up answering 500s.
  const env = (() => {
    try {
      return serverEnv();
    } catch (error) {
      return failStartup(error);
    }
  })();
  // An unknown fault kind would otherwise surface only at the first generation.
  const { parseGenerationFaults } = await import("./lib/generation/fault-injection");
  parseGenerationFaults(env.GENERATION_FAULTS);
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    // A production server without Supabase Auth would give every visitor the local user's
    // data: it refuses unless the operator opted in, and then only on a loopback address.
    assertSafeDeploymentOfThisProcess(env);
  } catch (error) {
    failStartup(error);
  }
  if (env.DATABASE_URL) {
    const { getDb } = await import("./lib/db/app-database");
    await getDb();
  }
  if (batchWorkerMode(env) === "loop") {
    const { startProcessWorker, handleShutdownSignals } = await import("./lib/batch/worker/process-worker");
    // Next.js leaves SIGTERM to us only with NEXT_MANUAL_SIG_HANDLE (npm start sets it).
    if (process.env.NEXT_MANUAL_SIG_HANDLE) handleShutdownSignals();
    await startProcessWorker();
  }
}
