import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorLogger, ServerDestination, type LogEntry, type PageLifecycle } from "@/lib/errors";

const SECRET = "sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5";

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
    const fetchMock = vi.fn(
      async (_url: string | URL | Request, _init?: RequestInit) => new Response(null, { status: 204 }),
    );
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
    const logger = new ErrorLogger({
      destinations: [new ServerDestination({ fetch: fetchMock })],
      reportFailure: (m) => reports.push(m),
    });
    logger.error(new Error("boom"));
    await logger.flush();
    expect(reports).toHaveLength(1);
  });

  it("splits bodies that would exceed the beacon size limit", async () => {
    const fetchMock = vi.fn(
      async (_url: string | URL | Request, _init?: RequestInit) => new Response(null, { status: 204 }),
    );
    const logger = new ErrorLogger({
      destinations: [new ServerDestination({ fetch: fetchMock, maxBodyBytes: 2_000 })],
      batchSize: 100,
    });
    for (let i = 0; i < 10; i++) logger.info(`entry ${i} ${"x".repeat(500)}`);
    await logger.flush();
    const bodies = fetchMock.mock.calls.map(([, init]) => String(init?.body));
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(2_000);
    const messages = bodies.flatMap((body) =>
      (JSON.parse(body) as { entries: LogEntry[] }).entries.map((entry) => entry.message),
    );
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
    const logger = new ErrorLogger({
      destinations: [new ServerDestination({ fetch: fetchMock, sendBeacon })],
      flushIntervalMs: 5_000,
    });
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
    expect((JSON.parse(text) as { entries: LogEntry[] }).entries.map((entry) => entry.level)).toEqual([
      "error",
      "warn",
    ]);
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
    const logger = new ErrorLogger({
      destinations: [new ServerDestination({ fetch: fetchMock, sendBeacon: () => false })],
    });
    logger.attachPageLifecycle(page);
    logger.error(new Error("x"));
    page.window.dispatch("pagehide");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
