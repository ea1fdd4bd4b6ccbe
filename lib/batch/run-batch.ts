import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { APIError, ErrorCode, GenerationError, isRetryable, toAppError } from "@/lib/errors";
import type { ConversationGenerator } from "@/lib/generation/types";
import { getBatch } from "./batch-queries";
import { generateItemOnce, leaseRenewInterval } from "./generate-item";
import { finalizeBatch } from "./leases";
import { classifyItem, resumeBatchProcessing, type BatchProgress, type BatchRunProgress } from "./processor";
import { heartbeat, releaseRunner } from "./runners";
import type { BatchItem, BatchJobStatus } from "./types";

/*
 * The headless runner behind `npm run batch -- run|resume <jobId>`: the same services the
 * browser runner reaches over HTTP (generateItemOnce, heartbeat), driven by the same pure
 * loop (resumeBatchProcessing). Several runners on one PostgreSQL share a batch safely:
 * every item is claimed atomically, so they only ever skip each other's items.
 */

export interface RunBatchOptions {
  db?: Database;
  userId: string;
  jobId: string;
  /** Default: a fresh UUID per run. */
  runnerId?: string;
  concurrency?: number;
  /** Default: getGenerator() for the job's config. Tests pass a counting one. */
  generator?: ConversationGenerator;
  /** Aborting stops new items; items in flight are finished and saved. */
  signal?: AbortSignal;
  leaseMs?: number;
  leaseRenewMs?: number;
  heartbeatIntervalMs?: number;
  /** How often to look again while other runners hold the remaining items. */
  waitPollMs?: number;
  /** Pause before another pass over items that failed with a retryable error. */
  retryPassDelayMs?: number;
  maxAttempts?: number;
  onProgress?: (progress: BatchRunProgress) => void;
  /** Human-readable notes (waiting for another runner, retry passes). */
  onNote?: (message: string) => void;
}

export interface RunBatchSummary {
  jobId: string;
  runnerId: string;
  /** Passes over the pending items this run made. */
  passes: number;
  /** Items this run generated. */
  generated: number;
  /** Failed attempts this run made. */
  failedAttempts: number;
  /** Items another runner took first (or that ran out of attempts elsewhere): not attempted here. */
  skipped: number;
  cancelled: boolean;
  jobStatus: BatchJobStatus;
  progress: BatchProgress;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Different runners start at different places, so they rarely reach for the same item. */
function rotate<T>(items: T[]): T[] {
  if (items.length < 2) return items;
  const start = Math.floor(Math.random() * items.length);
  return [...items.slice(start), ...items.slice(0, start)];
}

function retryAfterMs(error: unknown): number | undefined {
  const appError = toAppError(error);
  const seconds = appError instanceof GenerationError || appError instanceof APIError ? appError.retryAfter : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}

/** How long until the earliest live lease of another runner runs out (capped by `cap`). */
function untilFirstLeaseExpires(items: BatchItem[], cap: number): number {
  const now = Date.now();
  const expiries = items
    .filter((item) => item.status === "running" && item.leaseUntil !== null)
    .map((item) => Date.parse(item.leaseUntil as string) - now);
  return Math.max(50, Math.min(cap, ...expiries.map((ms) => ms + 25)));
}

const OPEN: readonly BatchJobStatus[] = ["pending", "running", "paused"];

/**
 * Processes a batch until nothing is left that this run can do: every item completed,
 * failed out of attempts, or failed permanently in this run (left for a later resume).
 * Waits for items other live runners hold, and reclaims those whose runner died once their
 * lease expires. 404 for a batch that is not the user's; 410 for a discarded or finished one.
 */
export async function runBatch(options: RunBatchOptions): Promise<RunBatchSummary> {
  const db = options.db ?? (await getDb());
  const { userId, jobId } = options;
  const runnerId = options.runnerId ?? randomUUID();
  const maxAttempts = options.maxAttempts ?? config.batch.maxItemAttempts;
  const leaseMs = options.leaseMs ?? config.batch.leaseMs;
  const heartbeatMs = options.heartbeatIntervalMs ?? Math.min(config.batch.heartbeatIntervalMs, leaseRenewInterval(leaseMs, undefined));
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const note = options.onNote ?? (() => undefined);

  // Registers the runner (and fails early with 404/410 for a batch it cannot run).
  await heartbeat({ db, userId, jobId, runnerId });
  let beating = Promise.resolve();
  const heartbeatTimer = setInterval(() => {
    beating = beating.then(async () => {
      try {
        await heartbeat({ db, userId, jobId, runnerId });
      } catch (error) {
        // Discarded or finished meanwhile: stop starting items. Anything else is transient.
        if (toAppError(error).code === ErrorCode.GONE) stop.abort();
      }
    });
  }, heartbeatMs);

  const summary: RunBatchSummary = {
    jobId,
    runnerId,
    passes: 0,
    generated: 0,
    failedAttempts: 0,
    skipped: 0,
    cancelled: false,
    jobStatus: "pending",
    progress: { totalItems: 0, completedItems: 0, failedItems: 0, pendingItems: 0, progressPercentage: 0 },
  };
  // Items whose attempt in this run failed permanently: retrying now would fail the same way.
  const leaveForLater = new Set<string>();
  let waitBeforePass = 0;

  try {
    for (;;) {
      await sleep(waitBeforePass, stop.signal);
      if (stop.signal.aborted) break;
      waitBeforePass = 0;

      const details = await getBatch({ db, userId, jobId });
      summary.jobStatus = details.job.status;
      summary.progress = details.progress;
      if (!OPEN.includes(details.job.status)) break;

      const states = details.items.map((item) => ({ item, state: classifyItem(item, null, { maxAttempts }) }));
      const pending = states.filter(({ item, state }) => state === "claimable" && !leaveForLater.has(item.id)).map(({ item }) => item);
      if (pending.length === 0) {
        const leased = states.filter(({ state }) => state === "leased").map(({ item }) => item);
        if (leased.length === 0) {
          // Nothing left for anyone (or only this run's permanent failures): settle and stop.
          const finished = await finalizeBatch({ db, userId, jobId, maxAttempts });
          if (finished) summary.jobStatus = finished;
          break;
        }
        note(`${leased.length} item(s) held by another runner; waiting for them to finish or for their lease to expire.`);
        waitBeforePass = untilFirstLeaseExpires(leased, options.waitPollMs ?? config.batch.waitPollMs);
        continue;
      }

      summary.passes += 1;
      const retryWaits: number[] = [];
      let outcomes = 0;
      const result = await resumeBatchProcessing({
        jobId,
        items: rotate(pending),
        concurrency: options.concurrency ?? config.batch.defaultConcurrency,
        signal: stop.signal,
        maxAttempts,
        onProgress: options.onProgress,
        processItem: async (item) => {
          try {
            const answer = await generateItemOnce({
              db,
              userId,
              jobId,
              itemId: item.id,
              runnerId,
              generator: options.generator,
              leaseMs,
              leaseRenewMs: options.leaseRenewMs,
              maxAttempts,
            });
            outcomes += 1;
            if (!answer.alreadyCompleted) summary.generated += 1;
            return "completed";
          } catch (error) {
            const appError = toAppError(error);
            // Another runner has it, it is out of attempts, or our lease lapsed: not ours to count.
            if (appError.code === ErrorCode.CONFLICT) return "skipped";
            if (appError.code === ErrorCode.GONE) {
              stop.abort();
              return "skipped";
            }
            outcomes += 1;
            summary.failedAttempts += 1;
            if (isRetryable(appError)) {
              retryWaits.push(retryAfterMs(appError) ?? options.retryPassDelayMs ?? config.batch.retryPassDelayMs);
            } else {
              leaveForLater.add(item.id);
            }
            throw appError;
          }
        },
      });
      summary.skipped += result.skipped.length;
      if (result.cancelled) break;
      if (retryWaits.length > 0) {
        waitBeforePass = Math.min(config.batch.maxRetryPassDelayMs, Math.max(...retryWaits));
        note(`${retryWaits.length} attempt(s) failed with a retryable error; next pass in ${Math.round(waitBeforePass / 1000)} s.`);
      } else if (outcomes === 0) {
        // Every item was taken by someone else at the last moment: let them work.
        waitBeforePass = options.waitPollMs ?? config.batch.waitPollMs;
      }
    }
  } finally {
    clearInterval(heartbeatTimer);
    options.signal?.removeEventListener("abort", onAbort);
    await beating;
    await releaseRunner({ db, userId, jobId, runnerId }).catch(() => undefined);
  }

  summary.cancelled = stop.signal.aborted && OPEN.includes(summary.jobStatus);
  if (OPEN.includes(summary.jobStatus) || summary.progress.pendingItems > 0) {
    const final = await getBatch({ db, userId, jobId });
    summary.jobStatus = final.job.status;
    summary.progress = final.progress;
  }
  return summary;
}
