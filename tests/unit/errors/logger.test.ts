import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError, ErrorCode, ErrorLogger, type LogDestination, type LogEntry } from "@/lib/errors";

const SECRET = "sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5";

/** A destination that records every batch it is given. */
function recorder(name = "recorder"): LogDestination & { batches: LogEntry[][] } {
  const batches: LogEntry[][] = [];
  return { name, batches, write: (entries) => void batches.push(entries) };
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
    expect(destination.batches[0]?.[0]).toMatchObject({
      level: "warn",
      message: "slow disk",
      timestamp: "2026-11-28T12:00:00.000Z",
    });
  });

  it("drops the oldest entries beyond maxQueue and counts them", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination], batchSize: 100, maxQueue: 5 });
    for (let i = 1; i <= 8; i++) logger.info(`entry ${i}`);
    expect(logger.droppedCount).toBe(3);
    await logger.flush();
    expect(destination.batches.flat().map((entry) => entry.message)).toEqual([
      "entry 4",
      "entry 5",
      "entry 6",
      "entry 7",
      "entry 8",
    ]);
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
    const error = new AppError(ErrorCode.GEN_OVERLOADED, "provider overloaded", {
      context: { itemId: "i1" },
      errorId: "err_fixed",
    });
    logger.error(error, { jobId: "j1" });
    logger.error(new TypeError("Failed to fetch"));
    await logger.flush();
    const [first, second] = destination.batches.flat();
    expect(first).toMatchObject({
      level: "error",
      code: "ERR_GEN_OVERLOADED",
      errorId: "err_fixed",
      context: { itemId: "i1", jobId: "j1" },
    });
    expect(first?.stack).toContain("provider overloaded");
    expect(second).toMatchObject({ code: "ERR_NET_CONNECTION_FAILED" });
    expect(second?.stack).toContain("TypeError: Failed to fetch");
  });

  it("keeps the stack for errors only: a warning (a client's 400) is logged under its id without one", async () => {
    const destination = recorder();
    const logger = new ErrorLogger({ destinations: [destination] });
    const mistake = new AppError(ErrorCode.VAL_INVALID_INPUT, "topic is required", { errorId: "err_client_400" });
    logger.warn(mistake, { status: 400 });
    logger.error(mistake, { status: 500 });
    await logger.flush();
    const [warning, fault] = destination.batches.flat();
    expect(warning).toMatchObject({ level: "warn", code: "ERR_VAL_INVALID_INPUT", errorId: "err_client_400" });
    expect(warning?.stack).toBeUndefined();
    expect(fault?.stack).toContain("topic is required");
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
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("no");
        },
        ownKeys: () => {
          throw new Error("no");
        },
      },
    );
    expect(() => logger.error(hostile, hostile as Record<string, unknown>)).not.toThrow();
  });
});
