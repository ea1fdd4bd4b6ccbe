/**
 * The provider budget under contention: 4 `npm run worker` processes and 4 batches (4
 * users) against one deployment budget of 60 calls per window and 4 in flight, the window
 * scaled down from 61 s (GENERATION_RATE_WINDOW_MS) so a run lasts seconds. The generator's
 * latency is short enough that the in-flight limit alone would allow more calls than the
 * rate, so both limits are pressed: the first window's 60 calls go as fast as 4 in flight
 * allow, then every process waits on the rate.
 *
 * Measured from the database, not from the workers' own bookkeeping:
 * - calls: every call the budget let start is a row of generation_calls (its called_at is the
 *   claim's clock_timestamp; the provider call follows in the same process). The bench reads
 *   new rows every ~20 ms (the claims delete rows only after two windows), checks there is
 *   one per item, and counts the busiest window: the most calls started in any `window` ms.
 * - in flight: `count(*)` of running items with a live lease (what the provider may still be
 *   working on), sampled every ~20 ms.
 * Targets: the busiest window holds at most the rate, in flight never exceeds the limit, and
 * every item completes once.
 */
import type { Database } from "@/lib/db/types";
import {
  countConversations,
  createBenchBatches,
  removeBenchUsers,
  resetBudget,
  seconds,
  sleepMs,
} from "./batch-helpers";
import { startWorkerProcesses, stopWorkerProcesses } from "./worker-processes";

export interface BudgetContentionOptions {
  databaseUrl?: string;
  processes?: number;
  batches?: number;
  itemsPerBatch?: number;
  rate?: number;
  windowMs?: number;
  maxInFlight?: number;
  latencyMs?: number;
}

export interface BudgetContentionResult {
  skipped: boolean;
  busiestWindow?: number;
  maxInFlight?: number;
  met: boolean;
}

/** The most timestamps in any half-open window [t, t + windowMs). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export async function benchBudgetContention(
  db: Database,
  options: BudgetContentionOptions = {},
): Promise<BudgetContentionResult> {
  const processes = options.processes ?? 4;
  const batches = options.batches ?? 4;
  const itemsPerBatch = options.itemsPerBatch ?? 50;
  const rate = options.rate ?? 60;
  const windowMs = options.windowMs ?? 3_000;
  const maxInFlight = options.maxInFlight ?? 4;
  const latencyMs = options.latencyMs ?? 100;
  const items = batches * itemsPerBatch;

  console.log(
    `\nProvider budget under contention: ${processes} worker processes, ${batches} batches x ${itemsPerBatch} items, ` +
      `budget ${rate} calls / ${windowMs} ms window (scaled from 61 s) and ${maxInFlight} in flight, ${latencyMs} ms latency`,
  );
  if (db.engine !== "postgres" || !options.databaseUrl) {
    console.log(
      `  skipped on ${db.engine}: several worker processes need PostgreSQL (the embedded engine is one process at a time); ` +
        "set BENCH_DATABASE_URL",
    );
    return { skipped: true, met: true };
  }

  await resetBudget(db);
  const workers = await startWorkerProcesses(processes, {
    DATABASE_URL: options.databaseUrl,
    GENERATION_LATENCY_MS: String(latencyMs),
    GENERATION_FAULTS: "",
    GENERATION_MAX_IN_FLIGHT: String(maxInFlight),
    GENERATION_RATE_PER_MINUTE: String(rate),
    GENERATION_RATE_WINDOW_MS: String(windowMs),
    BATCH_WORKER: "loop",
  });
  let userIds: string[] = [];
  try {
    const batch = await createBenchBatches(db, { label: "budget contention", batches, itemsPerBatch });
    userIds = batch.userIds;
    const started = Date.now();
    const callTimes: number[] = [];
    let lastCallId = 0;
    let peakInFlight = 0;
    let samples = 0;
    let done = 0;
    const owners = new Set<string>();
    const deadline = started + Math.max(60_000, ((items / rate) * windowMs + items * latencyMs) * 3);
    while (Date.now() < deadline) {
      const [sample] = await db.query<{ in_flight: number; done: number; owners: string | null }>(
        `select (select count(*)::int from public.batch_items
                  where status = 'running' and lease_until > clock_timestamp()) as in_flight,
                (select count(*)::int from public.batch_items
                  where job_id = any($1::uuid[]) and status = 'completed') as done,
                (select string_agg(distinct lease_owner, ',') from public.batch_items
                  where job_id = any($1::uuid[]) and status = 'running') as owners`,
        [batch.jobIds],
      );
      const calls = await db.query<{ id: number; at_ms: number }>(
        `select id::int as id, extract(epoch from called_at)::float8 * 1000 as at_ms
           from public.generation_calls where id > $1::int order by id`,
        [lastCallId],
      );
      for (const call of calls) {
        callTimes.push(Number(call.at_ms));
        lastCallId = Math.max(lastCallId, Number(call.id));
      }
      samples += 1;
      peakInFlight = Math.max(peakInFlight, Number(sample?.in_flight ?? 0));
      for (const owner of sample?.owners?.split(",") ?? []) owners.add(owner);
      done = Number(sample?.done ?? 0);
      if (done >= items) break;
      await sleepMs(20);
    }
    const elapsedMs = Date.now() - started;
    const conversations = await countConversations(db, batch.jobIds);
    const perBatch = await db.query<{ n: number }>(
      `select count(*) filter (where i.status = 'completed')::int as n
         from unnest($1::uuid[]) with ordinality as b(job_id, ord)
         left join public.batch_items i on i.job_id = b.job_id
        group by b.ord order by b.ord`,
      [batch.jobIds],
    );
    const busiest = busiestWindow(callTimes, windowMs);
    const rateMet = busiest <= rate;
    const inFlightMet = peakInFlight <= maxInFlight;
    const allDone = done === items && conversations === items && callTimes.length === items;

    const line = (label: string, measured: string, limit: string, verdict: string) =>
      console.log(`  ${label.padEnd(34)}${measured.padStart(10)}${limit.padStart(10)}  ${verdict}`);
    console.log(`  ${"".padEnd(34)}${"measured".padStart(10)}${"limit".padStart(10)}`);
    line(`calls in the busiest ${windowMs} ms window`, String(busiest), String(rate), rateMet ? "met" : "MISSED");
    line(
      `largest in flight (${samples} samples)`,
      String(peakInFlight),
      String(maxInFlight),
      inFlightMet ? "met" : "MISSED",
    );
    console.log(
      `  ${done} / ${items} items completed in ${seconds(elapsedMs)}, ${conversations} conversations, ${callTimes.length} calls recorded; ` +
        `per batch ${perBatch.map((r) => r.n).join(" / ")}; ${owners.size} of ${processes} processes seen claiming` +
        (allDone ? "" : "  MISSED (every item once)"),
    );
    return {
      skipped: false,
      busiestWindow: busiest,
      maxInFlight: peakInFlight,
      met: rateMet && inFlightMet && allDone,
    };
  } finally {
    await stopWorkerProcesses(workers);
    await removeBenchUsers(db, userIds);
    await resetBudget(db);
  }
}
