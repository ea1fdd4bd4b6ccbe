import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APIClient, RateLimiter, type RateLimitState } from "@/lib/api";
import { ErrorCode, type AppError } from "@/lib/errors";
import { after, createFakeFetch, errorResponse, jsonResponse } from "./fake-fetch";

function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: AppError }> {
  return promise.then(
    (value) => ({ value }),
    (error: AppError) => ({ error }),
  );
}

/** The most starts that fall in any half-open window [t, t + windowMs). */
function maxStartsInAnyWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i++) {
    let count = 0;
    for (let j = i; j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
}

describe("rate limiting", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-28T12:00:00.000Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never has more than 3 in flight nor more than 50 started in any 60 s window (120 requests)", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = createFakeFetch((call) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Varying durations so slots free up at irregular times.
      const duration = 50 + (Number(new URL(call.url, "http://x").searchParams.get("i")) % 7) * 40;
      return after(duration, () => {
        inFlight--;
        return jsonResponse({ ok: true });
      });
    });
    const api = new APIClient({ fetch: fake.fetch });
    const results = Array.from({ length: 120 }, (_, i) => settle(api.get(`/api/items?i=${i}`)));

    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toHaveLength(50);
    expect(api.getRateLimitState()).toMatchObject({ inFlight: 0, queued: 70, startedInWindow: 50 });
    expect(api.getRateLimitState().retryAfterMs).toBeGreaterThan(0);

    await vi.advanceTimersByTimeAsync(200_000);
    const settled = await Promise.all(results);
    expect(settled.filter((result) => result.error)).toEqual([]);
    expect(fake.calls).toHaveLength(120);
    expect(maxInFlight).toBe(3);
    expect(
      maxStartsInAnyWindow(
        fake.calls.map((call) => call.startedAt),
        60_000,
      ),
    ).toBe(50);
    // First in, first out.
    expect(fake.calls.map((call) => call.url)).toEqual(Array.from({ length: 120 }, (_, i) => `/api/items?i=${i}`));
  });

  it("cancels a queued request with its AbortSignal without ever starting it", async () => {
    let finishFirst: (response: Response) => void = () => undefined;
    const fake = createFakeFetch(
      () => new Promise<Response>((resolve) => (finishFirst = resolve)),
      () => jsonResponse({ n: 2 }),
    );
    const api = new APIClient({ fetch: fake.fetch, rateLimit: { maxConcurrent: 1 } });
    const first = settle(api.get("/api/first"));
    const controller = new AbortController();
    const second = settle(api.get("/api/second", { signal: controller.signal }));
    const third = settle(api.get("/api/third"));
    await vi.advanceTimersByTimeAsync(0);
    expect(api.getRateLimitState()).toMatchObject({ inFlight: 1, queued: 2 });

    controller.abort();
    expect((await second).error?.code).toBe(ErrorCode.NET_ABORTED);
    expect(api.getRateLimitState()).toMatchObject({ inFlight: 1, queued: 1 });

    finishFirst(jsonResponse({ n: 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect((await first).value).toEqual({ n: 1 });
    expect((await third).value).toEqual({ n: 2 });
    expect(fake.calls.map((call) => call.url)).toEqual(["/api/first", "/api/third"]);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const limiter = new RateLimiter();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ code: ErrorCode.NET_ABORTED });
    expect(limiter.getState().inFlight).toBe(0);
  });

  it("a 429 with Retry-After pauses every request until then, and says so", async () => {
    const fake = createFakeFetch(
      () => errorResponse(429, "ERR_API_RATE_LIMIT", { "Retry-After": "10" }),
      () => jsonResponse({ ok: true }),
    );
    const api = new APIClient({ fetch: fake.fetch });
    const states: RateLimitState[] = [];
    api.subscribeRateLimit((state) => states.push(state));

    const limited = settle(api.get("/api/a", { retry: false }));
    await vi.advanceTimersByTimeAsync(0);
    expect((await limited).error).toMatchObject({ status: 429, retryAfter: 10 });
    const pausedUntil = Date.now() + 10_000;
    expect(api.getRateLimitState()).toMatchObject({ limitedUntil: pausedUntil, retryAfterMs: 10_000 });
    expect(states.some((state) => state.limitedUntil === pausedUntil)).toBe(true);

    const other = settle(api.get("/api/b"));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fake.calls).toHaveLength(1);
    expect(api.getRateLimitState()).toMatchObject({ queued: 1, retryAfterMs: 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect((await other).value).toEqual({ ok: true });
    expect(fake.calls[1]?.startedAt).toBe(pausedUntil);
    expect(api.getRateLimitState().limitedUntil).toBeNull();
  });

  it("reports state changes to subscribers until they unsubscribe", async () => {
    const limiter = new RateLimiter({ maxConcurrent: 1 });
    const seen: RateLimitState[] = [];
    const unsubscribe = limiter.subscribe((state) => seen.push(state));
    const release = await limiter.acquire();
    const queued = limiter.acquire();
    expect(seen.at(-1)).toMatchObject({ inFlight: 1, queued: 1, startedInWindow: 1, limitedUntil: null });
    release();
    (await queued)();
    expect(seen.at(-1)).toMatchObject({ inFlight: 0, queued: 0, startedInWindow: 2 });
    const count = seen.length;
    unsubscribe();
    await limiter.schedule(async () => "done");
    expect(seen).toHaveLength(count);
  });
});
