/**
 * ErrorLogger: levels, batching and pluggable destinations, for the browser and the server.
 *
 * Two promises callers rely on: logging never throws (a broken destination is reported
 * once to the console and otherwise ignored), and every entry is sanitized before any
 * destination sees it.
 */
import { config } from "@/lib/config";
import { AppError } from "./classes";
import { toAppError } from "./classify";
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

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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

function browserEnvironment(): { url?: string; userAgent?: string } {
  const result: { url?: string; userAgent?: string } = {};
  if (typeof location !== "undefined" && typeof location.href === "string") result.url = location.href;
  if (typeof navigator !== "undefined" && typeof navigator.userAgent === "string") result.userAgent = navigator.userAgent;
  return result;
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
      const original = messageOrError instanceof Error && !(messageOrError instanceof AppError) ? messageOrError : error;
      if (original.stack) entry.stack = original.stack;
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

// ---------------------------------------------------------------------------
// Destinations

/** Writes each entry to the console at its level. */
export class ConsoleDestination implements LogDestination {
  readonly name = "console";
  readonly immediate = true;

  write(entries: LogEntry[]): void {
    for (const entry of entries) {
      const method = entry.level === "debug" ? console.debug : entry.level === "info" ? console.info : entry.level === "warn" ? console.warn : console.error;
      const label = [`[${entry.level}]`, entry.code, entry.errorId ? `(${entry.errorId})` : undefined, entry.message]
        .filter(Boolean)
        .join(" ");
      // The stack as text (readable in a terminal), the context as an object (expandable in devtools).
      const text = entry.stack ? `${label}\n${entry.stack}` : label;
      if (entry.context) method(text, entry.context);
      else method(text);
    }
  }
}

export interface ServerDestinationOptions {
  endpoint?: string;
  fetch?: typeof fetch;
  /** navigator.sendBeacon; when absent or refusing, the page-hide path falls back to fetch keepalive. */
  sendBeacon?: (url: string, data: Blob | string) => boolean;
  /** Bodies above this are split (browsers cap keepalive and beacon bodies at 64 KiB). */
  maxBodyBytes?: number;
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Keeps a single oversized entry postable: drop its context, shorten stack and message. */
function shrinkEntry(entry: LogEntry): LogEntry {
  return {
    ...entry,
    message: entry.message.slice(0, 1_000),
    stack: entry.stack?.slice(0, 4_000),
    context: { truncated: true },
  };
}

/** POSTs `{entries}` to our `/api/errors` route, with sendBeacon when the page goes away. */
export class ServerDestination implements LogDestination {
  readonly name = "server";
  private readonly endpoint: string;
  private readonly fetchImpl?: typeof fetch;
  private readonly sendBeacon?: (url: string, data: Blob | string) => boolean;
  private readonly maxBodyBytes: number;

  constructor(options: ServerDestinationOptions = {}) {
    this.endpoint = options.endpoint ?? "/api/errors";
    this.fetchImpl = options.fetch;
    this.sendBeacon = options.sendBeacon;
    this.maxBodyBytes = options.maxBodyBytes ?? Math.min(60_000, config.http.maxErrorReportBytes);
  }

  async write(entries: LogEntry[]): Promise<void> {
    const doFetch = this.fetchImpl ?? globalThis.fetch;
    for (const body of this.bodies(entries)) {
      const response = await doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        keepalive: true,
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`POST ${this.endpoint} answered HTTP ${response.status}`);
    }
  }

  writeOnPageHide(entries: LogEntry[]): void {
    const beacon = this.sendBeacon ?? navigatorBeacon();
    for (const body of this.bodies(entries)) {
      // The route only accepts application/json, so the beacon carries a typed Blob.
      const data = typeof Blob !== "undefined" ? new Blob([body], { type: "application/json" }) : body;
      if (beacon?.(this.endpoint, data)) continue;
      const doFetch = this.fetchImpl ?? globalThis.fetch;
      void doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        keepalive: true,
        credentials: "same-origin",
      }).catch(() => undefined);
    }
  }

  /** JSON bodies, each under maxBodyBytes, covering every entry in order. */
  private bodies(entries: LogEntry[]): string[] {
    if (entries.length === 0) return [];
    const body = JSON.stringify({ entries });
    if (byteLength(body) <= this.maxBodyBytes) return [body];
    if (entries.length === 1) return [JSON.stringify({ entries: [shrinkEntry(entries[0] as LogEntry)] })];
    const middle = Math.ceil(entries.length / 2);
    return [...this.bodies(entries.slice(0, middle)), ...this.bodies(entries.slice(middle))];
  }
}

function navigatorBeacon(): ((url: string, data: Blob | string) => boolean) | undefined {
  if (typeof navigator === "undefined" || typeof navigator.sendBeacon !== "function") return undefined;
  return (url, data) => navigator.sendBeacon(url, data);
}

// ---------------------------------------------------------------------------
// The app-wide instance

function isBrowser(): boolean {
  return typeof window !== "undefined" && typeof document !== "undefined";
}

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(LEVEL_RANK, value);
}

/**
 * The server honours LOG_LEVEL (documented in .env.example; lib/env.ts rejects a bad value
 * at start-up). It is read from process.env here rather than through serverEnv(), which
 * would pull the zod env schema into every browser bundle that logs.
 */
function defaultMinLevel(browser: boolean): LogLevel {
  const configured = browser ? undefined : process.env.LOG_LEVEL;
  if (isLogLevel(configured)) return configured;
  return process.env.NODE_ENV === "production" ? "info" : "debug";
}

/**
 * Server: console only (the server's own logs), at LOG_LEVEL. Browser: console plus the
 * server, flushed when the tab is hidden or closed. Debug lines are kept out of production.
 */
export function createDefaultErrorLogger(): ErrorLogger {
  const browser = isBrowser();
  const destinations: LogDestination[] = [new ConsoleDestination()];
  if (browser) destinations.push(new ServerDestination());
  const logger = new ErrorLogger({
    destinations,
    minLevel: defaultMinLevel(browser),
    environment: browser ? browserEnvironment : undefined,
  });
  if (browser) logger.attachPageLifecycle({ window, document });
  return logger;
}

export const errorLogger: ErrorLogger = createDefaultErrorLogger();
