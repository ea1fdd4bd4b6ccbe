/**
 * Server-side batch wall time against the budget's bound: a batch run by a real BatchWorker
 * on the bench database (claimNextItem under the advisory-locked provider budget, the
 * offline generator with a fixed latency, completeItem's one transaction per outcome), the
 * budget's window scaled down so a run lasts seconds.
 *
 * The bound is max(items / rate, items x latency / in-flight): no engine can start calls
 * faster than the rate, nor keep more than the in-flight limit of calls of `latency` each
 * running. The target is to land within 10 % of it: the machinery (claims, the budget check,
 * saves, the worker's scheduling) costs little beside the limits a deployment cannot avoid.
 *
 * The budget is a sliding window: the first window's calls start together, so a rate-bound
 * run may finish up to about (window - latency) under the bound. Windows are kept short (a
 * few calls each) so that head start stays small beside the whole run.
 */
import { config } from "@/lib/config";
import type { Database } from "@/lib/db/types";
import { OfflineGenerator } from "@/lib/generation/offline-generator";
import {
  countConversations,
  counting,
  createBenchBatches,
  removeBenchUsers,
  resetBudget,
  runInProcessWorker,
  seconds,
} from "./batch-helpers";

export interface WallTimeScenario {
  label: string;
  latencyMs: number;
  /** The budget: at most `rate` calls started in any `windowMs`, `maxInFlight` at once. */
  rate: number;
  windowMs: number;
  maxInFlight: number;
}

export interface BatchWallTimeOptions {
  items?: number;
  scenarios?: WallTimeScenario[];
}

/**
 * One run limited by the rate (10 calls/s: 10 s for 100 items), one by latency x in-flight
 * (20 s). Each item also costs a few database round trips (claim, complete) that no bound
 * counts; the latency-bound run shows that cost as its distance above the bound.
 */
export const DEFAULT_SCENARIOS: WallTimeScenario[] = [
  { label: "rate-bound", latencyMs: 150, rate: 5, windowMs: 500, maxInFlight: 3 },
  { label: "latency-bound", latencyMs: 600, rate: 25, windowMs: 500, maxInFlight: 3 },
];

export interface WallTimeResult {
  scenario: WallTimeScenario;
  items: number;
  boundMs: number;
  measuredMs: number;
  ratio: number;
  completed: number;
  conversations: number;
  providerCalls: number;
  met: boolean;
}

export function wallTimeBoundMs(items: number, scenario: WallTimeScenario): number {
  const rateBound = (items * scenario.windowMs) / scenario.rate;
  const latencyBound = (items * scenario.latencyMs) / scenario.maxInFlight;
  return Math.max(rateBound, latencyBound);
}

async function runScenario(db: Database, items: number, scenario: WallTimeScenario): Promise<WallTimeResult> {
  const batch = await createBenchBatches(db, { label: scenario.label, itemsPerBatch: items });
  try {
    await resetBudget(db);
    const { generator, calls } = counting(new OfflineGenerator({ latencyMs: scenario.latencyMs }));
    const boundMs = wallTimeBoundMs(items, scenario);
    const run = await runInProcessWorker(db, {
      budget: { ratePerMinute: scenario.rate, windowMs: scenario.windowMs, maxInFlight: scenario.maxInFlight },
      generator,
      expected: items,
      timeoutMs: Math.max(30_000, boundMs * 3),
    });
    const conversations = await countConversations(db, batch.jobIds);
    const ratio = run.elapsedMs / boundMs;
    const met =
      !run.timedOut &&
      run.completed === items &&
      conversations === items &&
      calls() === items &&
      ratio >= 0.9 &&
      ratio <= 1.1;
    return {
      scenario,
      items,
      boundMs,
      measuredMs: run.elapsedMs,
      ratio,
      completed: run.completed,
      conversations,
      providerCalls: calls(),
      met,
    };
  } finally {
    await removeBenchUsers(db, batch.userIds);
    await resetBudget(db);
  }
}

export async function benchBatchWallTime(db: Database, options: BatchWallTimeOptions = {}): Promise<WallTimeResult[]> {
  const items = options.items ?? 100;
  const scenarios = options.scenarios ?? DEFAULT_SCENARIOS;
  console.log(
    `\nServer-side batch wall time: ${items} items, one BatchWorker, offline generator, ` +
      `budget window scaled from ${config.batch.rateWindowMs / 1000} s, on ${db.engine}`,
  );
  console.log(
    `  ${"".padEnd(14)}${"latency".padStart(9)}${"rate".padStart(12)}${"in flight".padStart(11)}${"bound".padStart(10)}` +
      `${"measured".padStart(11)}${"ratio".padStart(9)}  done / conversations / provider calls`,
  );
  const results: WallTimeResult[] = [];
  for (const scenario of scenarios) {
    const r = await runScenario(db, items, scenario);
    results.push(r);
    console.log(
      `  ${scenario.label.padEnd(14)}${`${scenario.latencyMs} ms`.padStart(9)}${`${scenario.rate} / ${scenario.windowMs} ms`.padStart(12)}` +
        `${String(scenario.maxInFlight).padStart(11)}${seconds(r.boundMs).padStart(10)}${seconds(r.measuredMs).padStart(11)}` +
        `${`${r.ratio.toFixed(3)}x`.padStart(9)}  ${r.completed} / ${r.conversations} / ${r.providerCalls}  ` +
        (r.met ? "met" : "MISSED"),
    );
  }
  console.log(
    "  bound = max(items / rate, items x latency / in-flight); ratio = measured / bound (target 0.9..1.1, every item once)",
  );
  return results;
}
