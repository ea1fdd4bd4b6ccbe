/**
 * Time arithmetic of a batch: how long it took, how long it should still take. Every figure
 * comes from measured numbers (items finished, wall time) or configured limits; when there
 * is nothing to measure yet the answer is null, never a guess.
 */
import { isActiveDisplayStatus } from "@/lib/batch/status";
import type { BatchJob, BatchProgress } from "@/lib/batch/types";

/** "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
  return `${seconds} s`;
}

/** "13:02:11 UTC": the app shows times in UTC and says so (see lib/format). */
export function formatClockTime(value: string | number): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(11, 19)} UTC`;
}

export interface RateLimitBound {
  /** Generations allowed per window. */
  maxRequests: number;
  windowMs: number;
}

/**
 * The shortest time `items` generations can take under a rate limit: the first window's
 * calls start at once, every further window admits `maxRequests` more.
 */
export function minimumDurationMs(items: number, limit: RateLimitBound): number {
  if (items <= limit.maxRequests) return 0;
  return ((items - limit.maxRequests) * limit.windowMs) / Math.max(1, limit.maxRequests);
}

export interface RemainingEstimateInput {
  /** Items still to process. */
  remaining: number;
  /** Items that got an outcome (completed or failed) since the batch started. */
  processed: number;
  /** Wall time since the batch started. */
  elapsedMs: number;
  /** The generation rate limit, when known: the estimate never promises faster. */
  limit?: RateLimitBound;
}

/**
 * Time left at the pace measured so far, never faster than the rate limit allows. Null
 * until at least one item has an outcome: before that there is no pace to extrapolate.
 */
export function estimateRemainingMs({ remaining, processed, elapsedMs, limit }: RemainingEstimateInput): number | null {
  if (remaining <= 0) return 0;
  if (processed <= 0 || elapsedMs <= 0) return null;
  const measured = (elapsedMs / processed) * remaining;
  if (!limit) return measured;
  // The whole batch's rate-limit floor, less the time already spent: early on, before the
  // limit has bitten, the measured pace alone would promise too much.
  const floor = minimumDurationMs(processed + remaining, limit) - elapsedMs;
  return Math.max(measured, floor);
}

export interface BatchTiming {
  /** Since the first item was claimed; null before that, or while the batch stands still. */
  elapsedMs: number | null;
  /** Null until there is a pace, and whenever the batch is not moving. */
  remainingMs: number | null;
}

/** Elapsed and remaining time of a batch from job.startedAt and the outcomes so far. */
export function batchTiming(
  job: Pick<BatchJob, "startedAt" | "completedAt" | "displayStatus">,
  progress: Pick<BatchProgress, "completedItems" | "failedItems" | "pendingItems">,
  now: number | null,
  limit?: RateLimitBound,
): BatchTiming {
  const started = job.startedAt ? Date.parse(job.startedAt) : Number.NaN;
  if (Number.isNaN(started)) return { elapsedMs: null, remainingMs: null };
  const processed = progress.completedItems + progress.failedItems;
  if (job.displayStatus === "completed" || job.displayStatus === "completed_with_failures") {
    const ended = job.completedAt ? Date.parse(job.completedAt) : Number.NaN;
    return { elapsedMs: Number.isNaN(ended) ? null : Math.max(0, ended - started), remainingMs: 0 };
  }
  if (!isActiveDisplayStatus(job.displayStatus) || now === null) return { elapsedMs: null, remainingMs: null };
  const elapsedMs = Math.max(0, now - started);
  // Interrupted: nothing is generating, so no pace holds until a worker picks it up again.
  if (job.displayStatus !== "running") return { elapsedMs, remainingMs: null };
  return {
    elapsedMs,
    remainingMs: estimateRemainingMs({ remaining: progress.pendingItems, processed, elapsedMs, limit }),
  };
}
