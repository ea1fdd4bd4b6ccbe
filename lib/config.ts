/**
 * Product settings as typed data, in one place. Environment-dependent values live in
 * lib/env.ts; these are the defaults the features are built around.
 */
export const config = {
  api: {
    /** Client-side limiter: at most this many requests started in any window. */
    rateLimit: { maxRequests: 50, windowMs: 60_000, maxConcurrent: 3 },
    /** Retry delays for retryable errors (ms); jitter is added on top. */
    retryDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000],
    retryJitterRatio: 0.2,
    /** A Retry-After longer than this is not waited out silently: the error surfaces. */
    maxRetryAfterMs: 120_000,
  },
  http: {
    /** Largest JSON body a route accepts. Batches of 1000 items fit comfortably. */
    maxJsonBodyBytes: 1_000_000,
    /** Largest client error report accepted by POST /api/errors. */
    maxErrorReportBytes: 64_000,
  },
  pagination: { defaultPageSize: 20, maxPageSize: 100 },
  backup: { defaultRetentionDays: 7 },
  notifications: { dedupWindowMs: 5_000, temporaryToastMs: 5_000 },
  logger: { batchSize: 20, flushIntervalMs: 5_000, maxQueue: 200 },
  batch: {
    /** Items per batch a request may create (the wizard and POST /api/batches). */
    maxItems: 1_000,
    /** Generation attempts per item (MAX_ITEM_ATTEMPTS); a failed item is retried until then. */
    maxItemAttempts: 3,
    /** Items generated at once by one runner (a browser tab or `npm run batch`). */
    defaultConcurrency: 3,
    maxConcurrency: 10,
    /**
     * How long a claimed item stays reserved for its runner without a renewal. The runner
     * renews it every leaseRenewMs while the provider works, so only a dead runner's lease
     * runs out; then the item can be claimed again.
     */
    leaseMs: 60_000,
    leaseRenewMs: 15_000,
    /** A runner counts as "running elsewhere" this long after its last heartbeat... */
    runnerTtlMs: 30_000,
    /** ...and the browser runner sends one this often (well inside the TTL). */
    heartbeatIntervalMs: 10_000,
    /** A runner with nothing to claim re-checks this often while other runners finish their items. */
    waitPollMs: 1_000,
    /** The headless runner waits this long before another pass over retryable failures. */
    retryPassDelayMs: 2_000,
    /** The longest Retry-After a runner waits out before its next pass. */
    maxRetryPassDelayMs: 120_000,
  },
} as const;

/** How many times one batch item is generated before it stays failed (issue 3's MAX_ITEM_ATTEMPTS). */
export const MAX_ITEM_ATTEMPTS = config.batch.maxItemAttempts;
