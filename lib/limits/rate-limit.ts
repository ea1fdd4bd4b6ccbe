import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { APIError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

/*
 * Server-side rate limits, counted in PostgreSQL (public.rate_limit_counters) so one limit
 * holds across every process and serverless instance of the deployment.
 *
 * Fixed windows: the window of a request is now() rounded down to a multiple of windowMs
 * (on the database's clock, so every process agrees), and one atomic upsert both counts the
 * request and returns the count so far. A caller can therefore send up to 2 x limit across
 * a window boundary; for abuse limits that is fine, and it costs one indexed row per caller.
 *
 * Every request counts, refused ones too: a client that ignores Retry-After keeps its
 * window full instead of getting a request through each time the count is read.
 */

export interface RateLimitInput {
  /** Defaults to the app's database. Must not be a transaction of another caller's work. */
  db?: Queryable;
  /** What is counted for whom, e.g. `errors:ip:203.0.113.7`, `batches:user:<uuid>` (1..300 chars). */
  bucket: string;
  /** Requests allowed per window. */
  limit: number;
  /** The window's length (ms, at least 1000). */
  windowMs: number;
}

export interface RateLimitResult {
  /** False once this request is over the limit. */
  allowed: boolean;
  /** Requests left in this window after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until the window ends (at least 1): the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

export interface RateLimitRule {
  /** A stable name for logs and the error details, e.g. `errorReports.perIp` (config path). */
  name: string;
  limit: number;
  windowMs: number;
  /** What is being limited, for the message: "error reports", "new batches". */
  what?: string;
  /** Whose limit, for the message: "from this address", "for your account". */
  scope?: string;
}

const MAX_BUCKET_LENGTH = 300;
/** Expired windows deleted by one opportunistic prune. */
const PRUNE_BATCH = 500;

/**
 * Counts one request against `bucket` and says whether it is within `limit` per `windowMs`.
 * One statement, atomic on both engines.
 */
export async function consumeRateLimit(input: RateLimitInput): Promise<RateLimitResult> {
  const { bucket, limit, windowMs } = input;
  if (bucket.length === 0 || bucket.length > MAX_BUCKET_LENGTH) {
    throw new RangeError(`A rate-limit bucket is 1..${MAX_BUCKET_LENGTH} characters (got ${bucket.length}).`);
  }
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`A rate limit is a whole number >= 0 (got ${limit}).`);
  if (!Number.isInteger(windowMs) || windowMs < 1_000 || windowMs > 31 * 86_400_000) {
    throw new RangeError(`A rate-limit window is 1 s to 31 days in ms (got ${windowMs}).`);
  }

  const db = input.db ?? (await getDb());
  // Integer milliseconds since the epoch, rounded down to the window: exact on every engine.
  const [row] = await db.query<{ count: number; ms_left: number }>(
    `with w as (
       select to_timestamp(((floor(extract(epoch from now()) * 1000)::bigint / $2::bigint) * $2::bigint) / 1000.0) as start
     )
     insert into public.rate_limit_counters as c (bucket, window_ms, window_start, expires_at, count)
     select $1, $2::int, w.start, w.start + $2::bigint * interval '1 millisecond', 1 from w
     on conflict (bucket, window_ms, window_start) do update set count = c.count + 1
     returning c.count, greatest(0, ceil(extract(epoch from (c.expires_at - now())) * 1000))::int as ms_left`,
    [bucket, windowMs],
  );
  const count = row?.count ?? 1;
  // A new row means a new window began: a good moment to drop the windows that are over.
  if (count === 1) await pruneExpiredRateLimitWindows({ db, max: PRUNE_BATCH });
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((row?.ms_left ?? windowMs) / 1000)),
  };
}

/**
 * The app's 429 for a limit: code ERR_API_RATE_LIMIT, Retry-After from `retryAfterSeconds`,
 * a message naming the limit, and `details.limit` for clients and logs.
 */
export function rateLimitError(rule: RateLimitRule, retryAfterSeconds: number): APIError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  const what = rule.what ?? "requests";
  const scope = rule.scope ? ` ${rule.scope}` : "";
  const message =
    `Too many ${what}${scope}: the limit is ${rule.limit} per ${describeWindow(rule.windowMs)}. ` +
    `Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.`;
  return new APIError(ErrorCode.API_RATE_LIMIT, message, {
    status: 429,
    retryAfter,
    details: { limit: rule.name, max: rule.limit, windowSeconds: Math.round(rule.windowMs / 1000) },
    context: { limit: rule.name },
  });
}

/** consumeRateLimit, throwing rateLimitError (429) when the request is over the limit. */
export async function enforceRateLimit(input: {
  db?: Queryable;
  bucket: string;
  rule: RateLimitRule;
}): Promise<RateLimitResult> {
  const { rule } = input;
  const result = await consumeRateLimit({
    db: input.db,
    bucket: input.bucket,
    limit: rule.limit,
    windowMs: rule.windowMs,
  });
  if (!result.allowed) throw rateLimitError(rule, result.retryAfterSeconds);
  return result;
}

/**
 * Deletes counters whose window is over (at most `max` rows when given). Called by the
 * limiter when a window starts and, without a cap, by the daily clean-up.
 */
export async function pruneExpiredRateLimitWindows(input: { db?: Queryable; max?: number } = {}): Promise<number> {
  const db = input.db ?? (await getDb());
  const rows =
    input.max === undefined
      ? await db.query<{ bucket: string }>(
          "delete from public.rate_limit_counters where expires_at < now() returning bucket",
        )
      : await db.query<{ bucket: string }>(
          `delete from public.rate_limit_counters
            where (bucket, window_ms, window_start) in (
              select bucket, window_ms, window_start from public.rate_limit_counters where expires_at < now() limit $1::int
            )
            returning bucket`,
          [input.max],
        );
  return rows.length;
}

function describeWindow(windowMs: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1_000, "second"],
  ];
  for (const [size, name] of units) {
    if (windowMs % size === 0) {
      const n = windowMs / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${windowMs} ms`;
}
