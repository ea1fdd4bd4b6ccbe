/**
 * The browser's client for our own HTTP API. Every failure arrives as an AppError
 * (APIError with our code/details/errorId, NetworkError, ...), requests go through one
 * shared rate limiter, and retryable failures are retried with backoff.
 */
import { APIError, NetworkError, type AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { toAppError } from "@/lib/errors/to-app-error";
import { attachExchange, requestPath, responseBody } from "./error-exchange";
import { parseErrorResponse } from "./parse-error-response";
import { RateLimiter, type RateLimitConfig, type RateLimitListener, type RateLimitState } from "./rate-limiter";
import { defaultRetryPolicy, withRetry, type RetryAttemptInfo, type RetryPolicy } from "./retry";
import { realNow, realTimers, type Timers } from "@/lib/timers";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Methods that may be repeated without changing the outcome; others need the caller's consent. */
const IDEMPOTENT_METHODS = new Set<HttpMethod>(["GET", "HEAD", "PUT"]);

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * false: never retry. true: retry even a POST/PATCH/DELETE. A number: at most that many
   * retries. Default: retry idempotent methods only.
   */
  retry?: boolean | number;
  /** Declares a POST/PATCH/DELETE safe to repeat (e.g. generate-item, which is exactly-once). */
  idempotent?: boolean;
  headers?: Record<string, string>;
  query?: Record<string, QueryValue>;
  /** How to read a 2xx body; default JSON (an empty body gives undefined). */
  responseType?: "json" | "text" | "blob";
  /** Told before each retry (e.g. to show "retrying in 4 s"). */
  onRetry?: (info: RetryAttemptInfo) => void;
}

export interface APIClientOptions {
  /** Prefix for relative paths; default "" (same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Limits for a new limiter, or a limiter to share. */
  rateLimit?: Partial<RateLimitConfig> | RateLimiter;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  timers?: Timers;
  headers?: Record<string, string>;
}

export class APIClient {
  readonly rateLimiter: RateLimiter;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: APIClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
    // Unbound window.fetch throws "Illegal invocation" in browsers, so call it through a wrapper.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.policy = defaultRetryPolicy(options.retry);
    this.now = options.now ?? realNow;
    this.timers = options.timers ?? realTimers;
    this.defaultHeaders = { ...options.headers };
    this.rateLimiter =
      options.rateLimit instanceof RateLimiter
        ? options.rateLimit
        : new RateLimiter({ ...options.rateLimit, now: this.now, timers: this.timers });
  }

  getRateLimitState(): RateLimitState {
    return this.rateLimiter.getState();
  }

  subscribeRateLimit(listener: RateLimitListener): () => void {
    return this.rateLimiter.subscribe(listener);
  }

  get<T>(path: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "GET" });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "POST", body });
  }

  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "PUT", body });
  }

  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "PATCH", body });
  }

  delete<T>(path: string, options: Omit<RequestOptions, "method"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "DELETE" });
  }

  /** Rejects only with AppError subclasses (APIError, NetworkError, ...). */
  request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? "GET";
    const url = this.buildUrl(path, options.query);
    const init = this.buildInit(method, options);
    return withRetry((_attempt) => this.attempt<T>(method, url, init, options), {
      policy: this.policy,
      maxRetries: this.maxRetries(method, options),
      signal: options.signal,
      timers: this.timers,
      onRetry: options.onRetry,
    });
  }

  private maxRetries(method: HttpMethod, options: RequestOptions): number {
    if (options.retry === false) return 0;
    if (typeof options.retry === "number") return Math.max(0, Math.floor(options.retry));
    if (options.retry === true || options.idempotent === true || IDEMPOTENT_METHODS.has(method)) {
      return this.policy.delaysMs.length;
    }
    return 0;
  }

  private async attempt<T>(method: HttpMethod, url: string, init: RequestInit, options: RequestOptions): Promise<T> {
    const release = await this.rateLimiter.acquire(options.signal);
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(url, init);
      } catch (thrown) {
        const classified = toAppError(thrown);
        // No answer came; which call it was still helps (a fresh error only: never touch the thrower's own).
        if (classified !== thrown) attachExchange(classified, { request: { method, url: requestPath(url) } });
        throw classified;
      }
      if (!response.ok) {
        const error = await parseErrorResponse(response, { now: this.now(), method, url });
        this.pauseForRateLimit(error);
        throw error;
      }
      return await this.readBody<T>(response, method, url, options.responseType ?? "json");
    } finally {
      release();
    }
  }

  /** A 429 that says how long to wait holds every request, not just this one. */
  private pauseForRateLimit(error: APIError): void {
    if (error.status !== 429 || error.retryAfter === undefined) return;
    // A very long Retry-After surfaces as an error instead; holding the whole UI for it would look like a hang.
    const waitMs = Math.min(error.retryAfter * 1000, this.policy.maxRetryAfterMs);
    this.rateLimiter.pauseUntil(this.now() + waitMs);
  }

  private async readBody<T>(
    response: Response,
    method: HttpMethod,
    url: string,
    type: "json" | "text" | "blob",
  ): Promise<T> {
    if (method === "HEAD" || response.status === 204 || response.status === 205) return undefined as T;
    try {
      if (type === "blob") return (await response.blob()) as T;
      const text = await response.text();
      if (type === "text") return text as T;
      if (text.trim() === "") return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        const error = new APIError(ErrorCode.API_INVALID_RESPONSE, `Expected JSON from ${method} ${requestPath(url)}`, {
          status: response.status,
          isRecoverable: false,
          context: { contentType: response.headers.get("content-type") },
        });
        throw attachExchange(error, {
          request: { method, url: requestPath(url) },
          response: { status: response.status, body: responseBody(text) },
        });
      }
    } catch (thrown) {
      if (thrown instanceof APIError) throw thrown;
      throw this.bodyReadError(thrown, method, url, response.status);
    }
  }

  private bodyReadError(thrown: unknown, method: HttpMethod, url: string, status: number): AppError {
    const classified = toAppError(thrown);
    if (classified.code === ErrorCode.NET_ABORTED) return classified;
    // The connection broke after the headers: as retryable as a failed fetch.
    const error = new NetworkError(
      ErrorCode.NET_CONNECTION_FAILED,
      `The response to ${method} ${requestPath(url)} was cut off`,
      {
        cause: thrown,
      },
    );
    return attachExchange(error, { request: { method, url: requestPath(url) }, response: { status } });
  }

  private buildUrl(path: string, query?: Record<string, QueryValue>): string {
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
    let url = absolute ? path : `${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) params.append(key, String(value));
      }
      const search = params.toString();
      if (search) url += `${url.includes("?") ? "&" : "?"}${search}`;
    }
    return url;
  }

  private buildInit(method: HttpMethod, options: RequestOptions): RequestInit {
    const headers: Record<string, string> = { accept: "application/json", ...this.defaultHeaders, ...options.headers };
    const init: RequestInit = { method, headers, credentials: "same-origin", signal: options.signal };
    if (options.body !== undefined) {
      if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type"))
        headers["content-type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    return init;
  }
}

/** The app's shared client: one rate limiter for every request the browser makes. */
export const apiClient = new APIClient();
