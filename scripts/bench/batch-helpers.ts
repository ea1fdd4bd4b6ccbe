/**
 * What the batch engine benchmarks share: bench batches, a clean provider budget between
 * runs, an in-process BatchWorker run to completion, and clean-up.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createBatch } from "@/lib/batch/create-batch";
import type { ProviderBudget } from "@/lib/batch/provider-budget";
import { BatchWorker } from "@/lib/batch/worker/batch-worker";
import type { Database } from "@/lib/db/types";
import type { ConversationGenerator } from "@/lib/generation/types";

/** createBatch takes at most this many items (config.batch.maxItems). */
const MAX_ITEMS_PER_BATCH = 1_000;

export interface BenchBatches {
  userIds: string[];
  jobIds: string[];
  items: number;
}

/**
 * `batches` batches of `itemsPerBatch` items, each batch its own user's (the worker serves
 * every user's batches). A batch larger than createBatch allows is split into several.
 */
export async function createBenchBatches(
  db: Database,
  options: { label: string; batches?: number; itemsPerBatch: number },
): Promise<BenchBatches> {
  const userIds: string[] = [];
  const jobIds: string[] = [];
  for (let b = 0; b < (options.batches ?? 1); b += 1) {
    const userId = randomUUID();
    userIds.push(userId);
    for (let start = 0; start < options.itemsPerBatch; start += MAX_ITEMS_PER_BATCH) {
      const count = Math.min(MAX_ITEMS_PER_BATCH, options.itemsPerBatch - start);
      const { jobId } = await createBatch({
        db,
        userId,
        name: `Bench ${options.label} ${b + 1}`,
        config: { provider: "offline" },
        items: Array.from({ length: count }, (_, i) => ({
          topic: `Bench topic ${start + i + 1}`,
          parameters: { turns: 4 },
        })),
      });
      jobIds.push(jobId);
    }
  }
  return { userIds, jobIds, items: (options.batches ?? 1) * options.itemsPerBatch };
}

/** Forget earlier runs' calls and any 429 block: each run starts with the whole budget. */
export async function resetBudget(db: Database): Promise<void> {
  await db.query("delete from public.generation_calls");
  await db.query("update public.generation_budget set blocked_until = null");
}

/** Removes the bench users' batches and conversations (the next parts measure a clean table). */
export async function removeBenchUsers(db: Database, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.query("delete from public.conversations where user_id = any($1::uuid[])", [userIds]);
  await db.query("delete from public.batch_jobs where user_id = any($1::uuid[])", [userIds]);
}

export async function countConversations(db: Database, jobIds: readonly string[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from public.conversations where batch_job_id = any($1::uuid[])",
    [jobIds],
  );
  return Number(row?.n ?? 0);
}

/** Counts provider calls, so a run also shows that nothing was generated twice. */
export function counting(generator: ConversationGenerator): { generator: ConversationGenerator; calls: () => number } {
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

export interface InProcessRun {
  /** From start() to the last item's outcome. */
  elapsedMs: number;
  completed: number;
  /** Outcomes other than completed (failed, parked, released, lost). */
  other: number;
  timedOut: boolean;
}

/**
 * A real BatchWorker (claimNextItem under the budget lock, processClaimedItem, completeItem)
 * on `db`, run until `expected` items have an outcome, then stopped gracefully.
 */
export async function runInProcessWorker(
  db: Database,
  options: { budget: ProviderBudget; generator: ConversationGenerator; expected: number; timeoutMs: number },
): Promise<InProcessRun> {
  let completed = 0;
  let other = 0;
  let lastOutcomeAt = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new BatchWorker({
    db,
    budget: options.budget,
    generatorFor: () => options.generator,
    // Short polls: a bench has nothing else to do, and a long poll would show up as wall time.
    idlePollMs: 50,
    busyPollMs: 10,
    onOutcome: ({ outcome }) => {
      if (outcome === "completed") completed += 1;
      else other += 1;
      lastOutcomeAt = performance.now();
      if (completed + other >= options.expected) resolveDone();
    },
  });
  const started = performance.now();
  await worker.start();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    done.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), options.timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  await worker.stop(5_000);
  return { elapsedMs: (timedOut ? performance.now() : lastOutcomeAt) - started, completed, other, timedOut };
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
