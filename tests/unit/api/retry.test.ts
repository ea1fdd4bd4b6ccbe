import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APIClient } from "@/lib/api";
import { APIError, ErrorCode, type AppError } from "@/lib/errors";
import { createFakeFetch, errorResponse, jsonResponse } from "./fake-fetch";

/** Captures the rejection so fake-timer driving does not trip unhandled-rejection checks. */
function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: AppError }> {
  return promise.then(
    (value) => ({ value }),
    (error: AppError) => ({ error }),
  );
}

function client(fetch: typeof globalThis.fetch, random = 0) {
  return new APIClient({ fetch, retry: { random: () => random, jitterRatio: 0.2 } });
}

function gaps(starts: number[]): number[] {
  return starts.slice(1).map((start, index) => start - (starts[index] as number));
}

describe("APIClient retry", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-28T12:00:00.000Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("follows the backoff schedule 1, 2, 4, 8, 16 s plus jitter, then surfaces the error", async () => {
    const fake = createFakeFetch(() => errorResponse(503));
    // random() = 0.5 with ratio 0.2 adds 10 % to each delay.
    const pending = settle(client(fake.fetch, 0.5).get("/api/batches"));
    await vi.runAllTimersAsync();
    const { error } = await pending;
    expect(fake.calls).toHaveLength(6);
    expect(gaps(fake.calls.map((call) => call.startedAt))).toEqual([1_100, 2_200, 4_400, 8_800, 17_600]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(503);
  });

  it("succeeds on a later attempt and returns the data", async () => {
    const fake = createFakeFetch(
      () => errorResponse(502),
      () => {
        throw new TypeError("Failed to fetch");
      },
      () => jsonResponse({ ok: true }),
    );
    const pending = settle(client(fake.fetch).get<{ ok: boolean }>("/api/health"));
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ value: { ok: true } });
    expect(gaps(fake.calls.map((call) => call.startedAt))).toEqual([1_000, 2_000]);
  });

  it("lets Retry-After (seconds) win over the backoff delay", async () => {
    const fake = createFakeFetch(
      () => errorResponse(429, "ERR_API_RATE_LIMIT", { "Retry-After": "7" }),
      () => jsonResponse({ ok: true }),
    );
    const pending = settle(client(fake.fetch).get("/api/batches"));
    await vi.runAllTimersAsync();
    expect((await pending).value).toEqual({ ok: true });
    expect(gaps(fake.calls.map((call) => call.startedAt))).toEqual([7_000]);
  });

  it("lets a Retry-After HTTP date win too, also on a 503", async () => {
    const fake = createFakeFetch(
      () => errorResponse(503, undefined, { "Retry-After": "Sat, 28 Nov 2026 12:00:30 GMT" }),
      () => jsonResponse({ ok: true }),
    );
    const pending = settle(client(fake.fetch).get("/api/batches"));
    await vi.runAllTimersAsync();
    expect((await pending).value).toEqual({ ok: true });
    expect(gaps(fake.calls.map((call) => call.startedAt))).toEqual([30_000]);
  });

  it("does not wait out a Retry-After longer than maxRetryAfterMs: the error surfaces at once", async () => {
    const fake = createFakeFetch(() => errorResponse(429, "ERR_API_RATE_LIMIT", { "Retry-After": "600" }));
    const pending = settle(client(fake.fetch).get("/api/batches"));
    await vi.advanceTimersByTimeAsync(0);
    const { error } = await pending;
    expect(fake.calls).toHaveLength(1);
    expect(error).toMatchObject({ code: ErrorCode.API_RATE_LIMIT, status: 429, retryAfter: 600 });
  });

  it.each([400, 401, 403, 404, 409, 410, 422, 501])("does not retry a permanent %i (one call)", async (status) => {
    const fake = createFakeFetch(() => errorResponse(status));
    const pending = settle(client(fake.fetch).get("/api/conversations"));
    await vi.runAllTimersAsync();
    expect((await pending).error).toMatchObject({ status });
    expect(fake.calls).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503, 504])("retries a %i", async (status) => {
    const fake = createFakeFetch(
      () => errorResponse(status),
      () => jsonResponse({}),
    );
    const pending = settle(client(fake.fetch).get("/api/conversations"));
    await vi.runAllTimersAsync();
    expect((await pending).error).toBeUndefined();
    expect(fake.calls).toHaveLength(2);
  });

  it("does not retry a permanent code even behind a retryable status", async () => {
    const fake = createFakeFetch(() => errorResponse(502, "ERR_GEN_AUTH_FAILED"));
    const pending = settle(client(fake.fetch).get("/api/x"));
    await vi.runAllTimersAsync();
    expect((await pending).error?.code).toBe(ErrorCode.GEN_AUTH_FAILED);
    expect(fake.calls).toHaveLength(1);
  });

  it("retries POST/PATCH/DELETE only when the caller says it is safe", async () => {
    const attempts = async (run: (api: APIClient) => Promise<unknown>) => {
      const fake = createFakeFetch(() => errorResponse(503));
      const pending = settle(run(client(fake.fetch)));
      await vi.runAllTimersAsync();
      await pending;
      return fake.calls.length;
    };
    expect(await attempts((api) => api.post("/api/batches", { items: [] }))).toBe(1);
    expect(await attempts((api) => api.patch("/api/batches/1", {}))).toBe(1);
    expect(await attempts((api) => api.delete("/api/batches/1/checkpoint"))).toBe(1);
    expect(await attempts((api) => api.post("/api/x", {}, { retry: true }))).toBe(6);
    expect(await attempts((api) => api.post("/api/x", {}, { idempotent: true }))).toBe(6);
    expect(await attempts((api) => api.delete("/api/x", { retry: 2 }))).toBe(3);
    expect(await attempts((api) => api.get("/api/x", { retry: false }))).toBe(1);
  });

  it("rejects at once with ERR_NET_ABORTED when aborted during a backoff wait", async () => {
    const fake = createFakeFetch(() => errorResponse(503));
    const controller = new AbortController();
    const pending = settle(client(fake.fetch).get("/api/batches", { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls).toHaveLength(1);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    const { error } = await pending;
    expect(error?.code).toBe(ErrorCode.NET_ABORTED);
    await vi.runAllTimersAsync();
    expect(fake.calls).toHaveLength(1);
  });

  it("does not retry a request aborted while in flight", async () => {
    const fake = createFakeFetch(() => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    const pending = settle(client(fake.fetch).get("/api/batches", { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.runAllTimersAsync();
    expect((await pending).error?.code).toBe(ErrorCode.NET_ABORTED);
    expect(fake.calls).toHaveLength(1);
  });
});
