/**
 * Runs once when the Next.js server starts. Parsing the environment here turns a wrong
 * value into a start-up failure naming the variable, rather than a 500 on first use.
 * With DATABASE_URL set, pending migrations are applied now (under an advisory lock, so
 * several instances starting together apply each one once). PGlite migrates on first use
 * instead: opening it here would also take its data-dir lock during `next build`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv } = await import("./lib/env");
  const env = serverEnv();
  // An unknown fault kind would otherwise surface only at the first generation.
  const { parseGenerationFaults } = await import("./lib/generation/fault-injection");
  parseGenerationFaults(env.GENERATION_FAULTS);
  if (env.DATABASE_URL && process.env.NEXT_PHASE !== "phase-production-build") {
    const { getDb } = await import("./lib/db/app-database");
    await getDb();
  }
}
