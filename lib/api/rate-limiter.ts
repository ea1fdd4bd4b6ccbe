/**
 * Client-side rate limiter: at most `maxRequests` starts in any sliding `windowMs` and at
 * most `maxConcurrent` in flight, served first-in first-out. A server 429 pauses every
 * request (not just the one that got it) until its Retry-After has passed.
 *
 * The state is observable so the UI can say "waiting N s for the rate limit".
 */
import { config } from "@/lib/config";
import { abortedError } from "@/lib/errors/network";
import { realNow, realTimers, type Timers } from "@/lib/timers";

export interface RateLimitConfig {
  maxRequests: number;
  windowMs: number;
  maxConcurrent: number;
}

export interface RateLimiterOptions extends Partial<RateLimitConfig> {
  now?: () => number;
  timers?: Timers;
}

export interface RateLimitState {
  inFlight: number;
  queued: number;
  /** Requests started in the current sliding window. */
  startedInWindow: number;
  /** Epoch ms until which a server 429 paused all requests; null when not paused. */
  limitedUntil: number | null;
  /** How long the next queued request must still wait because of a limit (0 = not limited). */
  retryAfterMs: number;
}

export type RateLimitListener = (state: RateLimitState) => void;

/** Call once when the request (including reading its body) is finished. Idempotent. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class RateLimiter {
  readonly maxRequests: number;
  readonly windowMs: number;
  readonly maxConcurrent: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  /** Start times inside the current window, oldest first. */
  private starts: number[] = [];
  private waiters: Waiter[] = [];
  private inFlight = 0;
  private limitedUntil: number | null = null;
  private wakeTimer: unknown = undefined;
  private wakeAt: number | null = null;
  private readonly listeners = new Set<RateLimitListener>();

  constructor(options: RateLimiterOptions = {}) {
    const defaults = config.api.rateLimit;
    this.maxRequests = Math.max(1, options.maxRequests ?? defaults.maxRequests);
    this.windowMs = Math.max(0, options.windowMs ?? defaults.windowMs);
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? defaults.maxConcurrent);
    this.now = options.now ?? realNow;
    this.timers = options.timers ?? realTimers;
  }

  /**
   * Waits for a slot. Resolves with a release function; rejects with ERR_NET_ABORTED if
   * `signal` aborts while queued (the slot is never taken).
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          reject(abortedError(signal));
          this.pump();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Runs `task` when a slot is free and frees the slot when it settles. */
  async schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Holds every request until `untilMs` (a server said Retry-After). Never shortens a pause. */
  pauseUntil(untilMs: number): void {
    if (this.limitedUntil !== null && this.limitedUntil >= untilMs) return;
    this.limitedUntil = untilMs;
    this.pump();
  }

  getState(): RateLimitState {
    const now = this.now();
    this.pruneWindow(now);
    const limitedUntil = this.limitedUntil !== null && this.limitedUntil > now ? this.limitedUntil : null;
    return {
      inFlight: this.inFlight,
      queued: this.waiters.length,
      startedInWindow: this.starts.length,
      limitedUntil,
      retryAfterMs: this.limitWait(now),
    };
  }

  /** Called with the new state on every change; returns an unsubscribe function. */
  subscribe(listener: RateLimitListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Milliseconds until the pause or the full window stops blocking starts. */
  private limitWait(now: number): number {
    const pause = this.limitedUntil !== null ? this.limitedUntil - now : 0;
    const oldest = this.starts[0];
    const window = this.starts.length >= this.maxRequests && oldest !== undefined ? oldest + this.windowMs - now : 0;
    return Math.max(0, pause, window);
  }

  private pruneWindow(now: number): void {
    // A start at t occupies the window [t, t + windowMs).
    while (this.starts.length > 0 && (this.starts[0] as number) + this.windowMs <= now) this.starts.shift();
    if (this.limitedUntil !== null && this.limitedUntil <= now) this.limitedUntil = null;
  }

  private pump(): void {
    const now = this.now();
    this.pruneWindow(now);
    while (this.waiters.length > 0 && this.inFlight < this.maxConcurrent) {
      const wait = this.limitWait(now);
      if (wait > 0) {
        this.wakeIn(wait, now);
        break;
      }
      const waiter = this.waiters.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.starts.push(now);
      this.inFlight += 1;
      waiter.resolve(this.releaseOnce());
    }
    this.notify();
  }

  private releaseOnce(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.pump();
    };
  }

  private wakeIn(ms: number, now: number): void {
    const at = now + ms;
    if (this.wakeTimer !== undefined && this.wakeAt !== null && this.wakeAt <= at) return;
    if (this.wakeTimer !== undefined) this.timers.clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = this.timers.setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = null;
      this.pump();
    }, ms);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // A broken listener (a toast) must not break requests.
      }
    }
  }
}
