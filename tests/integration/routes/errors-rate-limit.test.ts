import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/errors/route";
import { config } from "@/lib/config";
import { setDatabaseForTesting } from "@/lib/db";
import { clientIp } from "@/lib/http/client-ip";
import { consumeRateLimit, enforceRateLimit, rateLimitError } from "@/lib/limits/rate-limit";
import { SUPABASE_TEST_VARS, mintToken } from "@/tests/support/auth-tokens";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { NO_PARAMS } from "./seed";

/*
 * Issue 9, finding 3: POST /api/errors is open to anyone, so it is limited per client IP and
 * per signed-in user, counted in Postgres (one counter for every process). Supabase mode, so
 * a request without a token is anonymous and two tokens are two users.
 */

let db: TestDatabase;
const USER_A = randomUUID();
const USER_B = randomUUID();

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { retryAfter?: number; limit?: string; max?: number; windowSeconds?: number };
  };
}

const BODY = JSON.stringify({ entries: [{ level: "error", message: "Something broke" }] });

function report(options: { ip?: string; token?: string; body?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.ip !== undefined) headers["x-forwarded-for"] = options.ip;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return POST(
    new Request("http://localhost/api/errors", { method: "POST", headers, body: options.body ?? BODY }),
    NO_PARAMS,
  );
}

async function storedRows(): Promise<number> {
  const [row] = await db.query<{ n: number }>("select count(*)::int as n from public.error_logs");
  return row?.n ?? 0;
}

/** Fixed windows start on the minute: never let a burst straddle a window's end. */
async function awayFromWindowEdge(windowMs = 60_000, marginMs = 10_000): Promise<void> {
  const [row] = await db.query<{ ms: number }>("select (extract(epoch from now()) * 1000)::float8 as ms");
  const left = windowMs - ((row?.ms ?? 0) % windowMs);
  if (left < marginMs) await sleep(left + 100);
}

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

beforeEach(async () => {
  await db.query("delete from public.error_logs");
  await db.query("delete from public.rate_limit_counters");
  await awayFromWindowEdge();
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  await db?.close();
});

describe("POST /api/errors rate limits", () => {
  const perIp = config.errorReports.perIp.limit;
  const perUser = config.errorReports.perUser.limit;

  it("200 anonymous reports in a minute from one IP: the limit is accepted, the rest are 429 with Retry-After; another IP is unaffected", async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => report({ ip: "203.0.113.7" })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(perIp);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - perIp);
    expect(await storedRows()).toBe(perIp);

    const refused = responses.find((r) => r.status === 429) as Response;
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe("ERR_API_RATE_LIMIT");
    expect(body.error.message).toMatch(/error reports from this address.*30 per minute/);
    expect(body.error.details).toEqual({ limit: "errorReports.perIp", max: perIp, windowSeconds: 60, retryAfter });

    // A proxy chain: the first address is the client's.
    expect((await report({ ip: "198.51.100.20, 10.0.0.1" })).status).toBe(202);
    expect(await storedRows()).toBe(perIp + 1);
  });

  it("is refused before the body is read: a limited caller's malformed body is a 429, not a 400", async () => {
    for (let i = 0; i < perIp; i += 1) expect((await report({ ip: "192.0.2.1" })).status).toBe(202);
    expect((await report({ ip: "192.0.2.1", body: "{not json" })).status).toBe(429);
    expect((await report({ ip: "192.0.2.2", body: "{not json" })).status).toBe(400);
  });

  it("limits a signed-in user across IPs, while another user is unaffected", async () => {
    const tokenA = await mintToken({ sub: USER_A });
    const tokenB = await mintToken({ sub: USER_B });
    // From a different address each time: only the per-user limit can stop these.
    const responses = await Promise.all(
      Array.from({ length: perUser + 10 }, (_, i) => report({ token: tokenA, ip: `10.1.0.${i}` })),
    );
    expect(responses.filter((r) => r.status === 202)).toHaveLength(perUser);
    const refused = responses.find((r) => r.status === 429) as Response;
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await refused.json()) as ErrorBody).error.details?.limit).toBe("errorReports.perUser");

    expect((await report({ token: tokenB, ip: "10.2.0.1" })).status).toBe(202);
    const [row] = await db.query<{ n: number }>("select count(*)::int as n from public.error_logs where user_id = $1", [
      USER_A,
    ]);
    expect(row?.n).toBe(perUser);
  });

  it("lets the caller in again once the window is over", async () => {
    for (let i = 0; i < perIp; i += 1) await report({ ip: "192.0.2.50" });
    expect((await report({ ip: "192.0.2.50" })).status).toBe(429);
    // Age the window instead of waiting a minute.
    await db.query(
      `update public.rate_limit_counters
          set window_start = window_start - interval '1 minute', expires_at = expires_at - interval '1 minute'`,
    );
    expect((await report({ ip: "192.0.2.50" })).status).toBe(202);
  });

  it("caps signed-out reports in all, so a client that invents a new X-Forwarded-For each time gets no more through", async () => {
    await db.query("delete from public.rate_limit_counters");
    const anonymous = config.errorReports.anonymous.limit;
    const before = await storedRows();
    const statuses: number[] = [];
    for (let i = 0; i < anonymous + 20; i += 1) {
      statuses.push((await report({ ip: `10.9.${Math.floor(i / 250)}.${i % 250}` })).status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(anonymous);
    expect(await storedRows()).toBe(before + anonymous);
    const refused = await report({ ip: "10.99.0.1" });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.details).toMatchObject({ limit: "errorReports.anonymous" });
    // A signed-in user is counted as such, not as a stranger.
    expect((await report({ token: await mintToken({ sub: randomUUID() }), ip: "10.99.0.2" })).status).toBe(202);
  });
});

describe("the rate limiter", () => {
  it("counts atomically: of 50 concurrent requests exactly `limit` are allowed", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeRateLimit({ db, bucket: "test:concurrent", limit: 7, windowMs: 60_000 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(
      results
        .map((r) => r.remaining)
        .sort((a, b) => b - a)
        .slice(0, 7),
    ).toEqual([6, 5, 4, 3, 2, 1, 0]);
    for (const result of results) expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("keeps buckets and windows apart", async () => {
    expect((await consumeRateLimit({ db, bucket: "test:a", limit: 1, windowMs: 60_000 })).allowed).toBe(true);
    expect((await consumeRateLimit({ db, bucket: "test:a", limit: 1, windowMs: 60_000 })).allowed).toBe(false);
    expect((await consumeRateLimit({ db, bucket: "test:b", limit: 1, windowMs: 60_000 })).allowed).toBe(true);
    // The same bucket with an hour's window is counted in another (hour-aligned) row.
    const hourly = await consumeRateLimit({ db, bucket: "test:a", limit: 1, windowMs: 3_600_000 });
    expect(hourly.allowed).toBe(true);
    expect(hourly.retryAfterSeconds).toBeLessThanOrEqual(3_600);
  });

  it("enforceRateLimit throws the app's 429, naming the limit", async () => {
    const rule = {
      name: "batches.perUser",
      limit: 1,
      windowMs: 86_400_000,
      what: "new batches",
      scope: "for your account",
    };
    await enforceRateLimit({ db, bucket: "test:enforce", rule });
    const error = await enforceRateLimit({ db, bucket: "test:enforce", rule }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_API_RATE_LIMIT",
      status: 429,
      details: { limit: "batches.perUser", max: 1 },
    });
    expect(String((error as Error).message)).toMatch(/Too many new batches for your account: the limit is 1 per day/);
    expect(rateLimitError(rule, 0.2).retryAfter).toBe(1);
  });

  it("reads the client IP from X-Forwarded-For, then X-Real-IP, else 'unknown'", () => {
    const ip = (headers: Record<string, string>) => clientIp(new Request("http://localhost/", { headers }));
    expect(ip({ "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "10.9.9.9" })).toBe("203.0.113.7");
    expect(ip({ "x-forwarded-for": "2001:DB8::1" })).toBe("2001:db8::1");
    expect(ip({ "x-real-ip": " 198.51.100.4 " })).toBe("198.51.100.4");
    expect(ip({})).toBe("unknown");
    expect(ip({ "x-forwarded-for": "<script>" })).toBe("script");
    expect(ip({ "x-forwarded-for": "x".repeat(500) })).toHaveLength(64);
  });
});
