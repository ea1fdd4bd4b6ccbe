/**
 * ErrorLogger: levels, batching and pluggable destinations, for the browser and the server.
 * The destinations are in ./log-console and ./log-server; the app-wide instance in
 * ./default-logger.
 *
 * Two promises callers rely on: logging never throws (a broken destination is reported
 * once to the console and otherwise ignored), and every entry is sanitized before any
 * destination sees it.
 */
import { config } from "@/lib/config";
import type { Timers } from "@/lib/timers";
import { AppError } from "./classes";
import { toAppError } from "./to-app-error";
import { sanitize, sanitizeString } from "./sanitize";

export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogEntry {
  level: LogLevel;
  message: string;
  code?: string;
  errorId?: string;
  /** ISO string. */
  timestamp: string;
  context?: Record<string, unknown>;
  stack?: string;
  url?: string;
  userAgent?: string;
}

export interface LogDestination {
  name: string;
  write(entries: LogEntry[]): Promise<void> | void;
  /** Called instead of `write` when the page is being hidden: must hand off synchronously. */
  writeOnPageHide?(entries: LogEntry[]): void;
  /** Receive each entry as it is logged instead of in batches (console: no surprise delay). */
  immediate?: boolean;
}

/** The same injectable timers the rest of the app uses. */
export type TimerApi = Timers;

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface PageLifecycle {
  window: EventTargetLike;
  document: EventTargetLike & { visibilityState?: string };
}

export interface ErrorLoggerOptions {
  minLevel?: LogLevel;
  batchSize?: number;
  flushIntervalMs?: number;
  /** Entries kept while destinations are slow; beyond it the oldest are dropped and counted. */
  maxQueue?: number;
  destinations?: LogDestination[];
  timers?: TimerApi;
  now?: () => number;
  /** Page address and browser, added to each entry (browser only). */
  environment?: () => { url?: string; userAgent?: string };
  /** Where "a destination failed" is reported, once per destination. */
  reportFailure?: (message: string, error: unknown) => void;
}

const defaultTimers: TimerApi = {
  // Looked up on each call so fake timers installed after construction still apply.
  setTimeout: (callback, ms) => {
    const handle = globalThis.setTimeout(callback, ms) as unknown as { unref?: () => void };
    // On the server a pending flush must not keep the process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

function defaultReportFailure(message: string, error: unknown): void {
  try {
    console.warn(message, sanitize(error));
  } catch {
    // Nothing left to tell.
  }
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(LEVEL_RANK, value);
}

export class ErrorLogger {
  private minLevel: LogLevel;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly destinations: LogDestination[];
  private readonly timers: TimerApi;
  private readonly now: () => number;
  private readonly environment: () => { url?: string; userAgent?: string };
  private readonly reportFailure: (message: string, error: unknown) => void;
  private readonly reportedFailures = new Set<string>();
  private queue: LogEntry[] = [];
  private timer: unknown = undefined;
  private dropped = 0;
  private detachPageLifecycle: (() => void) | undefined;

  constructor(options: ErrorLoggerOptions = {}) {
    this.minLevel = options.minLevel ?? "debug";
    this.batchSize = Math.max(1, options.batchSize ?? config.logger.batchSize);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? config.logger.flushIntervalMs);
    this.maxQueue = Math.max(1, options.maxQueue ?? config.logger.maxQueue);
    this.destinations = [...(options.destinations ?? [])];
    this.timers = options.timers ?? defaultTimers;
    this.now = options.now ?? Date.now;
    this.environment = options.environment ?? (() => ({}));
    this.reportFailure = options.reportFailure ?? defaultReportFailure;
  }

  /** Entries dropped because the queue was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  setMinLevel(level: LogLevel): void {
    this.minLevel = level;
  }

  addDestination(destination: LogDestination): void {
    this.destinations.push(destination);
  }

  removeDestination(name: string): void {
    const index = this.destinations.findIndex((destination) => destination.name === name);
    if (index >= 0) this.destinations.splice(index, 1);
  }

  debug(message: unknown, context?: Record<string, unknown>): void {
    this.log("debug", message, context);
  }

  info(message: unknown, context?: Record<string, unknown>): void {
    this.log("info", message, context);
  }

  warn(messageOrError: unknown, context?: Record<string, unknown>): void {
    this.log("warn", messageOrError, context);
  }

  error(error: unknown, context?: Record<string, unknown>): void {
    this.log("error", error, context);
  }

  /** Logs a string message or anything thrown (classified through toAppError). */
  log(level: LogLevel, messageOrError: unknown, context?: Record<string, unknown>): void {
    try {
      if (LEVEL_RANK[level] < LEVEL_RANK[this.minLevel]) return;
      const entry = this.buildEntry(level, messageOrError, context);
      this.deliverImmediately(entry);
      if (!this.destinations.some((destination) => !destination.immediate)) return;
      this.queue.push(entry);
      if (this.queue.length > this.maxQueue) {
        const overflow = this.queue.length - this.maxQueue;
        this.queue.splice(0, overflow);
        this.dropped += overflow;
      }
      if (this.queue.length >= this.batchSize) void this.flush();
      else this.scheduleFlush();
    } catch (failure) {
      this.reportOnce("logger", failure);
    }
  }

  /** Sends everything queued to the batched destinations. Never rejects. */
  async flush(): Promise<void> {
    this.cancelTimer();
    const pending = this.queue;
    this.queue = [];
    const batched = this.destinations.filter((destination) => !destination.immediate);
    for (let start = 0; start < pending.length; start += this.batchSize) {
      const batch = pending.slice(start, start + this.batchSize);
      await Promise.all(batched.map((destination) => this.writeSafely(destination, batch)));
    }
  }

  /**
   * Flushes synchronously through each destination's page-hide path (sendBeacon), the only
   * transport a closing page reliably completes.
   */
  flushOnPageHide(): void {
    this.cancelTimer();
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    for (const destination of this.destinations) {
      if (destination.immediate) continue;
      try {
        if (destination.writeOnPageHide) destination.writeOnPageHide(pending);
        else void this.writeSafely(destination, pending);
      } catch (failure) {
        this.reportOnce(destination.name, failure);
      }
    }
  }

  /** Flush on `visibilitychange` to hidden and on `pagehide`. Returns a detach function. */
  attachPageLifecycle(lifecycle: PageLifecycle): () => void {
    this.detachPageLifecycle?.();
    const onVisibility = () => {
      if (lifecycle.document.visibilityState === "hidden") this.flushOnPageHide();
    };
    const onPageHide = () => this.flushOnPageHide();
    lifecycle.document.addEventListener("visibilitychange", onVisibility);
    lifecycle.window.addEventListener("pagehide", onPageHide);
    const detach = () => {
      lifecycle.document.removeEventListener("visibilitychange", onVisibility);
      lifecycle.window.removeEventListener("pagehide", onPageHide);
      if (this.detachPageLifecycle === detach) this.detachPageLifecycle = undefined;
    };
    this.detachPageLifecycle = detach;
    return detach;
  }

  /** Stops timers and listeners (tests, hot reload). Queued entries are kept for flush(). */
  dispose(): void {
    this.cancelTimer();
    this.detachPageLifecycle?.();
  }

  private buildEntry(level: LogLevel, messageOrError: unknown, context?: Record<string, unknown>): LogEntry {
    const entry: LogEntry = { level, message: "", timestamp: new Date(this.now()).toISOString() };
    if (typeof messageOrError === "string") {
      entry.message = messageOrError;
      if (context) entry.context = { ...context };
    } else {
      const error = toAppError(messageOrError);
      entry.message = error.message;
      entry.code = error.code;
      // A caller that already told the user an errorId (the route handler) passes it in the
      // context; the log must carry that same id, not the one toAppError just minted.
      entry.errorId = typeof context?.errorId === "string" ? context.errorId : error.errorId;
      // The original stack says where it was thrown; a wrapper's stack says where it was logged.
      const original =
        messageOrError instanceof Error && !(messageOrError instanceof AppError) ? messageOrError : error;
      // A warning (a client's 4xx, a retried call) needs no stack: it says nothing is broken.
      if (original.stack && level === "error") entry.stack = original.stack;
      const merged: Record<string, unknown> = { ...error.context, ...context };
      const cause = original.cause;
      if (cause !== undefined && cause !== messageOrError) merged.cause = cause;
      if (Object.keys(merged).length > 0) entry.context = merged;
    }
    const environment = this.environment();
    if (environment.url) entry.url = environment.url;
    if (environment.userAgent) entry.userAgent = environment.userAgent;
    const clean = sanitize(entry) as LogEntry;
    // sanitize keeps the shape; the message must stay a string even if something odd came in.
    clean.message = typeof clean.message === "string" ? clean.message : sanitizeString(String(entry.message));
    return clean;
  }

  private deliverImmediately(entry: LogEntry): void {
    for (const destination of this.destinations) {
      if (destination.immediate) void this.writeSafely(destination, [entry]);
    }
  }

  private async writeSafely(destination: LogDestination, entries: LogEntry[]): Promise<void> {
    try {
      await destination.write(entries);
    } catch (failure) {
      this.reportOnce(destination.name, failure);
    }
  }

  private reportOnce(name: string, failure: unknown): void {
    if (this.reportedFailures.has(name)) return;
    this.reportedFailures.add(name);
    try {
      this.reportFailure(`[ErrorLogger] "${name}" failed; further failures from it are not reported.`, failure);
    } catch {
      // The reporter itself failed; logging must still never throw.
    }
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
