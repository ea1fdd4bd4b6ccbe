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
  /** POST /api/errors, the browser ErrorLogger's server destination. */
  errorReports: {
    /** Reports accepted per client IP and per signed-in user in each window (429 beyond). */
    perIp: { limit: 30, windowMs: 60_000 },
    perUser: { limit: 30, windowMs: 60_000 },
    /**
     * All anonymous reports together: the per-IP limit trusts X-Forwarded-For, which a client
     * can set itself where no proxy overwrites it; this one it cannot spread across addresses.
     */
    anonymous: { limit: 300, windowMs: 60_000 },
    /** Largest stored `context` of one entry, in UTF-8 bytes, measured after sanitizing. */
    maxContextBytes: 4_096,
    /** Rows older than this are pruned by the daily clean-up (ERROR_LOG_RETENTION_DAYS). */
    defaultRetentionDays: 30,
  },
  /** The daily clean-up (Vercel cron or every long-lived worker): bounded work per run. */
  cleanup: {
    /** Expired backups deleted per transaction... */
    backupChunkSize: 200,
    /** ...and at most this many transactions per run; the rest waits for the next run. */
    maxBackupChunksPerRun: 25,
    /** Old error_logs rows deleted per statement, and statements per run. */
    errorLogChunkSize: 5_000,
    maxErrorLogChunksPerRun: 20,
    /** batch_workers rows whose heartbeat ran out longer ago than this are removed. */
    deadWorkerAgeMs: 60 * 60_000,
  },
  /**
   * Per-user limits on expensive work, enforced on the server (lib/limits). A rate or a
   * number of batches at once is a 429 with Retry-After; a quota (items a day, backups) is a
   * 403. Each names the limit it hit.
   */
  limits: {
    /** Requests that start paid work (create, resume, retry a batch) per user per window. */
    paidWork: { limit: 20, windowMs: 60_000 },
    /** Batches queued or running at once per user (paused ones do not count). */
    maxActiveBatches: 5,
    /** Items in the batches a user created in the last 24 hours. */
    maxItemsPerDay: 5_000,
    /** Unexpired backups per user, and their total size. */
    maxBackups: 50,
    maxBackupBytes: 500 * 1024 * 1024,
  },
  /** POST /api/imports: a backup file or a JSONL of examples, all or nothing per file (lib/import). */
  imports: {
    /** Largest file accepted, counted on the bytes read (413 beyond). */
    maxFileBytes: 50 * 1024 * 1024,
    /** Largest line of a JSONL file (a line error beyond). */
    maxLineBytes: 1024 * 1024,
    /** Conversations one file may hold: examples of a JSONL, conversations of a backup (413 beyond). */
    maxConversations: 10_000,
    /** Line errors listed in a 400 (the total is counted). */
    maxLineErrors: 50,
    /** Imports started per user per window (429 beyond). */
    rate: { limit: 10, windowMs: 60_000 },
    /** Conversations written per statement inside the import's one transaction. */
    insertChunkSize: 500,
  },
  auth: {
    /**
     * Whether a magic link may create an account for an unknown email (signInWithOtp's
     * shouldCreateUser). Off: only users invited or created in Supabase can sign in.
     */
    allowSignUps: false,
  },
  generation: {
    /**
     * Models a batch may ask for (besides the server's ANTHROPIC_MODEL). Anything else is a
     * 400 naming config.model: a typo should not reach the provider, nor a model the
     * operator did not budget for.
     */
    allowedModels: [
      "claude-sonnet-4-5",
      "claude-opus-4-1",
      "claude-haiku-4-5",
      "claude-sonnet-4-0",
      "claude-3-5-haiku-latest",
    ],
  },
  pagination: { defaultPageSize: 20, maxPageSize: 100 },
  backup: { defaultRetentionDays: 7 },
  /** Fine-tuning exports (lib/export, docs/exports.md). */
  exports: {
    /** An example whose estimated tokens (characters / 4) exceed this is a "too_large" problem. */
    maxExampleTokens: 32_000,
    /** Conversations read per query while scanning or writing (with their turns). */
    pageSize: 200,
    /** Problems listed in a preview (the total is always given). */
    maxListedProblems: 500,
    /** How long a prepared download (POST /api/exports) stays valid. */
    downloadTtlMs: 60 * 60_000,
    /** Expired export requests are kept this long (so their link answers 410, not 404), then purged. */
    expiredRetentionMs: 24 * 60 * 60_000,
    maxSystemPromptLength: 4_000,
    defaultSeed: 42,
    /** Previews, prepared downloads and downloads per user per window: each reads the whole selection. */
    rate: { limit: 60, windowMs: 60_000 },
  },
  notifications: { dedupWindowMs: 5_000, temporaryToastMs: 5_000 },
  logger: { batchSize: 20, flushIntervalMs: 5_000, maxQueue: 200 },
  batch: {
    /** Items per batch a request may create (the wizard and POST /api/batches). */
    maxItems: 1_000,
    /** Generation attempts per item; a failed item is retried until then. */
    maxItemAttempts: 3,
    /** Provider calls started in any 60 s window, across the deployment (GENERATION_RATE_PER_MINUTE). */
    ratePerMinute: 50,
    /** Provider calls in flight at once, across the deployment (GENERATION_MAX_IN_FLIGHT). */
    maxInFlight: 3,
    /**
     * The rate window the budget checks. One second longer than a minute: a call is counted
     * when it is claimed and reaches the provider a moment later, so a window measured at
     * the provider must still never hold more than the rate.
     */
    rateWindowMs: 61_000,
    /**
     * How long a claimed item stays reserved for its worker without a renewal (BATCH_LEASE_MS).
     * The worker renews it every third of that while the provider works, so only a dead
     * process's lease runs out; then another worker takes the item over.
     */
    leaseMs: 30_000,
    /** A worker's row in batch_workers is refreshed this often and lives this long. */
    workerHeartbeatMs: 5_000,
    workerTtlMs: 15_000,
    /** A worker with nothing to claim looks again this often (sooner when woken in-process). */
    idlePollMs: 1_000,
    /** ...and this often while the deployment's in-flight budget is full. */
    busyPollMs: 200,
    /** How often a worker settles jobs nobody else will (abandoned last attempts, nothing left to do). */
    settleIntervalMs: 2_000,
    /** Wait before retrying an item after a retryable failure, by attempt (then the last value). */
    retryDelaysMs: [2_000, 10_000],
    /** A 429 without a Retry-After parks the item this long. */
    defaultRetryAfterMs: 10_000,
    /** The longest Retry-After honoured as given; longer ones are capped (the provider is asked again then). */
    maxRetryAfterMs: 15 * 60_000,
    /** On SIGTERM in-flight items get this long to finish before their leases are released. */
    shutdownGraceMs: 10_000,
    /** One serverless drive's time budget (BATCH_DRIVE_MAX_MS), inside the function's limit. */
    driveMaxMs: 240_000,
    /** Expired backups are purged this often by every long-lived worker. */
    backupPurgeIntervalMs: 24 * 60 * 60_000,
  },
} as const;
