/**
 * The memory measurement the benchmark's child processes share: each runs one download or
 * export in a fresh process and reports how far its RSS grew during it.
 */
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";

export interface RssMeasurement {
  ms: number;
  startRss: number;
  peakRss: number;
}

/** The database the parent named in BENCH_CHILD_DATABASE: a PostgreSQL URL or a PGlite dir. */
export function openChildDatabase(target: string): Promise<Database> {
  return createDatabase(target.startsWith("postgres") ? { databaseUrl: target } : { pgliteDir: target });
}

/**
 * Runs `work` after a GC (opening the database leaves garbage that is not the work's),
 * sampling RSS every 2 ms, and returns its result with the time and the RSS before and at peak.
 */
export async function measureRss<T>(work: () => Promise<T>): Promise<RssMeasurement & { result: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 2);
  const t0 = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, ms, startRss, peakRss };
  } finally {
    clearInterval(sampler);
  }
}
