/**
 * Retry with exponential backoff for retryable errors only. A server's Retry-After beats
 * our own schedule; one longer than `maxRetryAfterMs` is not waited out silently (the
 * error surfaces so the UI can tell the user how long). Abort at any point rejects at once.
 */
import { APIError, GenerationError, type AppError } from "@/lib/errors/classes";
import { toAppError } from "@/lib/errors/to-app-error";
import { isRetryable } from "@/lib/errors/treatment";
import { config } from "@/lib/config";
import { abortedError } from "@/lib/errors/network";
import { sleep } from "@/lib/sleep";
import type { Timers } from "@/lib/timers";

export interface RetryPolicy {
  /** Delay before retry n (ms); its length is the most retries ever made. */
  delaysMs: readonly number[];
  /** Up to this fraction of the delay is added at random, so clients do not retry in lockstep. */
  jitterRatio: number;
  maxRetryAfterMs: number;
  /** Returns [0, 1); injectable for exact tests. */
  random: () => number;
}

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    delaysMs: config.api.retryDelaysMs,
    jitterRatio: config.api.retryJitterRatio,
    maxRetryAfterMs: config.api.maxRetryAfterMs,
    random: Math.random,
    ...overrides,
  };
}

/** The wait before retry number `retryIndex` (0-based): the scheduled delay plus jitter. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy): number {
  const delays = policy.delaysMs;
  const base = delays[Math.min(retryIndex, delays.length - 1)] ?? 0;
  const jitter = base * Math.max(0, policy.jitterRatio) * Math.min(Math.max(policy.random(), 0), 1);
  return Math.round(base + jitter);
}

export interface RetryAttemptInfo {
  /** The retry about to happen (1 = first retry). */
  retry: number;
  delayMs: number;
  error: AppError;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Most retries for this call (capped by the policy's schedule); 0 disables retrying. */
  maxRetries?: number;
  signal?: AbortSignal;
  timers?: Timers;
  shouldRetry?: (error: AppError) => boolean;
  onRetry?: (info: RetryAttemptInfo) => void;
}

function retryAfterMs(error: AppError): number | undefined {
  const seconds = error instanceof APIError || error instanceof GenerationError ? error.retryAfter : undefined;
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Runs `operation` (given the 0-based attempt number) until it succeeds, fails with a
 * permanent error, or the schedule runs out. Always rejects with an AppError.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy();
  const maxRetries = Math.max(0, Math.min(options.maxRetries ?? policy.delaysMs.length, policy.delaysMs.length));
  const shouldRetry = options.shouldRetry ?? isRetryable;
  const { signal } = options;

  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (thrown) {
      const error = toAppError(thrown);
      if (signal?.aborted) throw abortedError(signal);
      if (attempt >= maxRetries || !shouldRetry(error)) throw error;
      const serverWait = retryAfterMs(error);
      if (serverWait !== undefined && serverWait > policy.maxRetryAfterMs) throw error;
      const delayMs = serverWait ?? backoffDelay(attempt, policy);
      options.onRetry?.({ retry: attempt + 1, delayMs, error });
      await sleep(delayMs, signal, options.timers);
    }
  }
}
