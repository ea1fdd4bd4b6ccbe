import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AppError,
  ErrorCode,
  ErrorLogger,
  ServerDestination,
  createDefaultErrorLogger,
  errorLogger,
  type LogDestination,
  type LogEntry,
  type PageLifecycle,
} from "@/lib/errors";

const SECRET = "sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5";

/** A destination that records every batch it is given. */
function recorder(name = "recorder"): LogDestination & { batches: LogEntry[][] } {
  const batches: LogEntry[][] = [];
  return { name, batches, write: (entries) => void batches.push(entries) };
}

/** The two event targets a page has: window (pagehide) and document (visibilitychange). */
class FakeTarget {
  visibilityState = "visible";
  private listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void) {
    this.listeners.get(type)?.delete(listener);
  }
  dispatch(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

describe("ErrorLogger", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-28T12:00:00.000Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends a batch as soon as batchSize entries are queued", () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination], batchSize: 3, flushIntervalMs: 60_000 });
    logger.info("one");
    logger.info("two");
    expect(destination.batches).toEqual([]);
    logger.info("three");
    expect(destination.batches.map((batch) => batch.map((entry) => entry.message))).toEqual([["one", "two", "three"]]);
    expect(logger.pendingCount).toBe(0);
  });

  it("flushes what is queued once flushIntervalMs has passed", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination], batchSize: 20, flushIntervalMs: 5_000 });
    logger.warn("slow disk");
    await vi.advanceTimersByTimeAsync(4_999);
    expect(destination.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(destination.batches).toHaveLength(1);
    expect(destination.batches[0]?.[0]).toMatchObject({ level: "warn", message: "slow disk", timestamp: "2026-11-28T12:00:00.000Z" });
  });

  it("drops the oldest entries beyond maxQueue and counts them", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination], batchSize: 100, maxQueue: 5 });
    for (let i = 1; i <= 8; i++) logger.info(`entry ${i}`);
    expect(logger.droppedCount).toBe(3);
    await logger.flush();
    expect(destination.batches.flat().map((entry) => entry.message)).toEqual(["entry 4", "entry 5", "entry 6", "entry 7", "entry 8"]);
  });

  it("ignores entries below the minimum level", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination], minLevel: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error(new Error("e"));
    await logger.flush();
    expect(destination.batches.flat().map((entry) => entry.level)).toEqual(["warn", "error"]);
  });

  it("classifies errors: code, errorId, original stack and merged context", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination] });
    const error = new AppError(ErrorCode.GEN_OVERLOADED, "provider overloaded", { context: { itemId: "i1" }, errorId: "err_fixed" });
    logger.error(error, { jobId: "j1" });
    logger.error(new TypeError("Failed to fetch"));
    await logger.flush();
    const [first, second] = destination.batches.flat();
    expect(first).toMatchObject({ level: "error", code: "ERR_GEN_OVERLOADED", errorId: "err_fixed", context: { itemId: "i1", jobId: "j1" } });
    expect(first?.stack).toContain("provider overloaded");
    expect(second).toMatchObject({ code: "ERR_NET_CONNECTION_FAILED" });
    expect(second?.stack).toContain("TypeError: Failed to fetch");
  });

  it("keeps the errorId the caller already gave the user", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination] });
    logger.error(new Error("unexpected"), { errorId: "err_told_user" });
    await logger.flush();
    expect(destination.batches.flat()[0]?.errorId).toBe("err_told_user");
  });

  it("sanitizes everything a destination receives", async () => {
    const destination = recorder();
    const immediate = { ...recorder("immediate"), immediate: true };
    const logger = new ErrorLogger({
      destinations: [destination, immediate],
      environment: () => ({ url: `https://app.test/batches?access_token=${SECRET}`, userAgent: "Test/1.0" }),
    });
    const cause = new Error(`upstream said Authorization: Bearer ${SECRET}`);
    logger.error(new Error(`call failed with key ${SECRET}`, { cause }), {
      request: { headers: { authorization: `Bearer ${SECRET}` }, body: `{"password":"${SECRET}"}` },
      apiKey: SECRET,
    });
    logger.info(`plain message with ${SECRET}`, { nested: [{ token: "t0k3n-value" }] });
    await logger.flush();
    for (const received of [destination.batches, immediate.batches]) {
      const json = JSON.stringify(received);
      expect(json).not.toContain(SECRET);
      expect(json).not.toContain("t0k3n-value");
      expect(json).toContain("call failed with key [REDACTED]");
      expect(json).toContain("Test/1.0");
    }
  });

  it("never throws when a destination throws or rejects, and reports each failing destination once", async () => {
    const good = recorder();
    const reports: string[] = [];
    const throwing: LogDestination = {
      name: "throwing",
      write: () => {
        throw new Error("disk full");
      },
    };
    const rejecting: LogDestination = { name: "rejecting", write: () => Promise.reject(new Error("HTTP 500")) };
    const logger = new ErrorLogger({
      destinations: [throwing, rejecting, good],
      batchSize: 1,
      reportFailure: (message) => reports.push(message),
    });
    expect(() => {
      logger.error(new Error("first"));
      logger.error(new Error("second"));
    }).not.toThrow();
    await expect(logger.flush()).resolves.toBeUndefined();
    await vi.runAllTimersAsync();
    expect(good.batches).toHaveLength(2);
    expect(reports).toHaveLength(2);
    expect(reports.join("\n")).toContain('"throwing"');
    expect(reports.join("\n")).toContain('"rejecting"');
  });

  it("never throws on values that cannot even be stringified", () => {
    const logger = new ErrorLogger({ destinations: [recorder()], reportFailure: () => undefined });
    const hostile = new Proxy({}, { get: () => { throw new Error("no"); }, ownKeys: () => { throw new Error("no"); } });
    expect(() => logger.error(hostile, hostile as Record<string, unknown>)).not.toThrow();
  });
});

describe("ServerDestination", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function pageLifecycle(): PageLifecycle & { window: FakeTarget; document: FakeTarget } {
    return { window: new FakeTarget(), document: new FakeTarget() };
  }

  it("POSTs {entries} as JSON with keepalive to /api/errors", async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(null, { status: 204 }));
    const logger = new ErrorLogger({ destinations: [new ServerDestination({ fetch: fetchMock })] });
    logger.error(new Error("boom"));
    await logger.flush();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe("/api/errors");
    expect(init).toMatchObject({ method: "POST", keepalive: true, headers: { "content-type": "application/json" } });
    const body = JSON.parse(String(init?.body)) as { entries: LogEntry[] };
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ level: "error", message: "boom", code: "ERR_UNKNOWN" });
  });

  it("treats a non-2xx answer as a failure (reported, not thrown)", async () => {
    const reports: string[] = [];
    const fetchMock = vi.fn(async () => new Response("nope", { status: 500 }));
    const logger = new ErrorLogger({ destinations: [new ServerDestination({ fetch: fetchMock })], reportFailure: (m) => reports.push(m) });
    logger.error(new Error("boom"));
    await logger.flush();
    expect(reports).toHaveLength(1);
  });

  it("splits bodies that would exceed the beacon size limit", async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(null, { status: 204 }));
    const logger = new ErrorLogger({
      destinations: [new ServerDestination({ fetch: fetchMock, maxBodyBytes: 2_000 })],
      batchSize: 100,
    });
    for (let i = 0; i < 10; i++) logger.info(`entry ${i} ${"x".repeat(500)}`);
    await logger.flush();
    const bodies = fetchMock.mock.calls.map(([, init]) => String(init?.body));
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(2_000);
    const messages = bodies.flatMap((body) => (JSON.parse(body) as { entries: LogEntry[] }).entries.map((entry) => entry.message));
    expect(messages).toHaveLength(10);
  });

  it("hands the queue to sendBeacon on pagehide instead of waiting for the timer", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    const beacons: { url: string; data: Blob | string }[] = [];
    const sendBeacon = (url: string, data: Blob | string) => {
      beacons.push({ url, data });
      return true;
    };
    const page = pageLifecycle();
    const logger = new ErrorLogger({ destinations: [new ServerDestination({ fetch: fetchMock, sendBeacon })], flushIntervalMs: 5_000 });
    logger.attachPageLifecycle(page);
    logger.error(new Error(`closing with ${SECRET}`));
    logger.warn("second");
    page.window.dispatch("pagehide");
    expect(beacons).toHaveLength(1);
    expect(beacons[0]?.url).toBe("/api/errors");
    const data = beacons[0]?.data;
    expect(data).toBeInstanceOf(Blob);
    expect((data as Blob).type).toBe("application/json");
    const text = await (data as Blob).text();
    expect(text).not.toContain(SECRET);
    expect((JSON.parse(text) as { entries: LogEntry[] }).entries.map((entry) => entry.level)).toEqual(["error", "warn"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("flushes on visibilitychange only when the page becomes hidden", () => {
    const beacon = vi.fn((_url: string, _data: Blob | string) => true);
    const page = pageLifecycle();
    const logger = new ErrorLogger({ destinations: [new ServerDestination({ fetch: vi.fn(), sendBeacon: beacon })] });
    logger.attachPageLifecycle(page);
    logger.error(new Error("x"));
    page.document.dispatch("visibilitychange");
    expect(beacon).not.toHaveBeenCalled();
    page.document.visibilityState = "hidden";
    page.document.dispatch("visibilitychange");
    expect(beacon).toHaveBeenCalledTimes(1);
  });

  it("falls back to fetch keepalive when sendBeacon refuses", () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    const page = pageLifecycle();
    const logger = new ErrorLogger({ destinations: [new ServerDestination({ fetch: fetchMock, sendBeacon: () => false })] });
    logger.attachPageLifecycle(page);
    logger.error(new Error("x"));
    page.window.dispatch("pagehide");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe("the errorLogger singleton on the server", () => {
  it("writes to the console at once and queues nothing for a server POST", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      errorLogger.error(new Error(`server fault ${SECRET}`));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(spy.mock.calls)).not.toContain(SECRET);
      expect(errorLogger.pendingCount).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("createDefaultErrorLogger on the server", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("drops entries below LOG_LEVEL", () => {
    vi.stubEnv("LOG_LEVEL", "warn");
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const logger = createDefaultErrorLogger();
    logger.info("routine detail");
    logger.warn("worth a look");
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("logs debug lines when LOG_LEVEL=debug, even in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("LOG_LEVEL", "debug");
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    createDefaultErrorLogger().debug("step by step");
    expect(debug).toHaveBeenCalledTimes(1);
  });
});
