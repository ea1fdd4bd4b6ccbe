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
} as const;
