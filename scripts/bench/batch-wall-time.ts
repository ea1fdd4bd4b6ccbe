/**
 * Batch wall time against the rate-limit bound: 100 items through the real path (the pure
 * runner loop resumeBatchProcessing, the server's generateItemOnce with its claim, lease and
 * one-transaction completion, on the given database), the offline provider with a fixed
 * latency, 3 in flight, and the APIClient's RateLimiter scaled down so a run lasts seconds.
 *
 * The bound is max(items / rate, items x latency / concurrency): no runner can beat the rate
 * limit, nor keep more than `concurrency` calls of `latency` each in flight. The target is
 * to land within 10 % of it, i.e. the machinery (claims, checkpoints, scheduling) costs
 * little beside the limits a user cannot avoid.
 *
 * The limiter is a sliding window: the first window's requests start together, so a run may
 * finish up to about (window - latency) under the bound. Windows are kept short (a few
 * requests each) so that head start stays small beside the whole run.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { RateLimiter } from "@/lib/api/rate-limiter";
import { createBatch } from "@/lib/batch/create-batch";
import { generateItemOnce } from "@/lib/batch/generate-item";
import { resumeBatchProcessing } from "@/lib/batch/processor";
import type { Database } from "@/lib/db/types";
import { OfflineGenerator } from "@/lib/generation/offline-generator";
import type { ConversationGenerator } from "@/lib/generation/types";

export interface WallTimeScenario {
  label: string;
  latencyMs: number;
  /** The rate limit: at most maxRequests started in any windowMs. */
  maxRequests: number;
  windowMs: number;
}

export interface BatchWallTimeOptions {
  items?: number;
  concurrency?: number;
  scenarios?: WallTimeScenario[];
}

/**
 * One run limited by the rate (10 requests/s: 10 s), one by latency x concurrency (20 s).
 * Each item also costs a few database round trips (claim, complete, checkpoint) that no
 * bound counts; the latency-bound run shows that cost as its distance above the bound.
 */
export const DEFAULT_SCENARIOS: WallTimeScenario[] = [
  { label: "rate-bound", latencyMs: 150, maxRequests: 5, windowMs: 500 },
  { label: "latency-bound", latencyMs: 600, maxRequests: 25, windowMs: 500 },
];

export interface WallTimeResult {
  scenario: WallTimeScenario;
  boundMs: number;
  measuredMs: number;
  ratio: number;
  completed: number;
  conversations: number;
  providerCalls: number;
}

export function wallTimeBoundMs(items: number, concurrency: number, scenario: WallTimeScenario): number {
  const rateBound = (items * scenario.windowMs) / scenario.maxRequests;
  const latencyBound = (items * scenario.latencyMs) / concurrency;
  return Math.max(rateBound, latencyBound);
}

/** Counts provider calls, so the run also shows nothing was generated twice. */
function counting(generator: ConversationGenerator): { generator: ConversationGenerator; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    generator: {
      name: generator.name,
      generateConversation(item, config, signal) {
        calls += 1;
        return generator.generateConversation(item, config, signal);
      },
    },
  };
}

async function runScenario(db: Database, items: number, concurrency: number, scenario: WallTimeScenario): Promise<WallTimeResult> {
  const userId = randomUUID();
  const runnerId = randomUUID();
  const { jobId } = await createBatch({
    db,
    userId,
    name: `Bench ${scenario.label}`,
    config: { provider: "offline" },
    items: Array.from({ length: items }, (_, i) => ({ topic: `Bench topic ${i + 1}`, parameters: { turns: 4 } })),
  });
  const rows = await db.query<{ id: string }>(
    "select id from public.batch_items where job_id = $1 and user_id = $2 order by item_index",
    [jobId, userId],
  );
  const { generator, calls } = counting(new OfflineGenerator({ latencyMs: scenario.latencyMs }));
  // The browser's limiter, scaled down: the same class the APIClient schedules every request with.
  const limiter = new RateLimiter({ maxRequests: scenario.maxRequests, windowMs: scenario.windowMs, maxConcurrent: concurrency });

  const started = performance.now();
  const result = await resumeBatchProcessing({
    jobId,
    items: rows.map((row) => ({ id: row.id, status: "pending" as const })),
    concurrency,
    processItem: async (item, { signal }) => {
      await limiter.schedule(() => generateItemOnce({ db, userId, jobId, itemId: item.id, runnerId, generator }), signal);
    },
  });
  const measuredMs = performance.now() - started;

  const [count] = await db.query<{ n: number }>(
    "select count(*)::int as n from public.conversations where batch_job_id = $1 and user_id = $2",
    [jobId, userId],
  );
  const boundMs = wallTimeBoundMs(items, concurrency, scenario);
  return {
    scenario,
    boundMs,
    measuredMs,
    ratio: measuredMs / boundMs,
    completed: result.completed.length,
    conversations: count?.n ?? 0,
    providerCalls: calls(),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchBatchWallTime(db: Database, options: BatchWallTimeOptions = {}): Promise<WallTimeResult[]> {
  const items = options.items ?? 100;
  const concurrency = options.concurrency ?? 3;
  const scenarios = options.scenarios ?? DEFAULT_SCENARIOS;
  console.log(`\nBatch wall time: ${items} items, offline provider, ${concurrency} in flight, real claim/complete on ${db.engine}`);
  console.log(
    `  ${"".padEnd(14)}${"latency".padStart(9)}${"rate limit".padStart(14)}${"bound".padStart(10)}${"measured".padStart(11)}` +
      `${"ratio".padStart(8)}  done / conversations / provider calls`,
  );
  const results: WallTimeResult[] = [];
  for (const scenario of scenarios) {
    const r = await runScenario(db, items, concurrency, scenario);
    results.push(r);
    const verdict = Math.abs(r.ratio - 1) <= 0.1 ? "within 10 %" : "OUTSIDE 10 %";
    console.log(
      `  ${scenario.label.padEnd(14)}${`${scenario.latencyMs} ms`.padStart(9)}${`${scenario.maxRequests} / ${scenario.windowMs} ms`.padStart(14)}` +
        `${seconds(r.boundMs).padStart(10)}${seconds(r.measuredMs).padStart(11)}${`${r.ratio.toFixed(3)}x`.padStart(8)}` +
        `  ${r.completed} / ${r.conversations} / ${r.providerCalls}  ${verdict}`,
    );
  }
  console.log("  bound = max(items / rate, items x latency / concurrency); ratio = measured / bound (target 0.9..1.1)");
  return results;
}
