/**
 * Time arithmetic of a batch: how long it took, how long it should still take. Every figure
 * comes from measured numbers (items finished, wall time) or configured limits; when there
 * is nothing to measure yet the answer is null, never a guess.
 */

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

export interface RateLimitBound {
  /** Requests allowed per window. */
  maxRequests: number;
  windowMs: number;
}

/**
 * The shortest time `items` generate requests can take under the client's rate limit: the
 * first window's requests start at once, every further window admits `maxRequests` more.
 */
export function minimumDurationMs(items: number, limit: RateLimitBound): number {
  if (items <= limit.maxRequests) return 0;
  return ((items - limit.maxRequests) * limit.windowMs) / Math.max(1, limit.maxRequests);
}

export interface RemainingEstimateInput {
  /** Items still to process. */
  remaining: number;
  /** Items this runner finished (completed or failed) since it started. */
  processedThisRun: number;
  /** Wall time since this runner started. */
  elapsedMs: number;
  limit: RateLimitBound;
}

/**
 * Time left at the pace measured so far, never faster than the rate limit allows. Null
 * until at least one item has finished: before that there is no pace to extrapolate.
 */
export function estimateRemainingMs({ remaining, processedThisRun, elapsedMs, limit }: RemainingEstimateInput): number | null {
  if (remaining <= 0) return 0;
  if (processedThisRun <= 0 || elapsedMs <= 0) return null;
  const measured = (elapsedMs / processedThisRun) * remaining;
  // The whole run's rate-limit floor, less the time already spent: early on, before the
  // limiter has bitten, the measured pace alone would promise too much.
  const floor = minimumDurationMs(processedThisRun + remaining, limit) - elapsedMs;
  return Math.max(measured, floor);
}
