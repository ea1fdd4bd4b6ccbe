import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError, ErrorCode } from "@/lib/errors";
import { sleep, sleepUntilWoken } from "@/lib/sleep";
import type { Timers } from "@/lib/timers";

/** Real timers behind a counter of the ones still pending. */
function countingTimers(): Timers & { pending: () => number; cleared: () => number } {
  const live = new Set<unknown>();
  let cleared = 0;
  return {
    setTimeout(callback, ms) {
      const handle: unknown = globalThis.setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      if (live.delete(handle)) cleared += 1;
      globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
    },
    pending: () => live.size,
    cleared: () => cleared,
  };
}

/** An AbortController whose signal tracks the abort listeners still attached to it. */
function countedSignal(): { controller: AbortController; listeners: () => number } {
  const controller = new AbortController();
  const signal = controller.signal;
  const attached = new Map<unknown, boolean>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  // Registered first, so it runs first: the platform drops `once` listeners as the abort fires.
  add("abort", () => {
    for (const [listener, once] of attached) if (once) attached.delete(listener);
  });
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    if (type === "abort") attached.set(listener, options?.once === true);
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListener, options?: EventListenerOptions) => {
    if (type === "abort") attached.delete(listener);
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { controller, listeners: () => attached.size };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("sleep", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves after the time, leaving no timer and no listener", async () => {
    const timers = countingTimers();
    const { controller, listeners } = countedSignal();
    let done = false;
    const pending = sleep(1_000, controller.signal, timers).then(() => {
      done = true;
    });
    expect(listeners()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);
    expect(timers.pending()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it("rejects at once when the signal is already aborted, without starting a timer", async () => {
    const timers = countingTimers();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(sleep(1_000, controller.signal, timers));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.NET_ABORTED);
    expect(timers.pending()).toBe(0);
    expect(timers.cleared()).toBe(0);
  });

  it("rejects the moment the signal aborts, clearing its timer and its listener", async () => {
    const timers = countingTimers();
    const { controller, listeners } = countedSignal();
    const pending = rejection(sleep(60_000, controller.signal, timers));
    await vi.advanceTimersByTimeAsync(10);
    expect(timers.pending()).toBe(1);
    controller.abort();
    const error = await pending;
    expect((error as AppError).code).toBe(ErrorCode.NET_ABORTED);
    expect(timers.cleared()).toBe(1);
    expect(timers.pending()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it("does not pile up listeners on a long-lived signal over many waits", async () => {
    const { controller, listeners } = countedSignal();
    for (let i = 0; i < 50; i++) {
      const pending = sleep(5, controller.signal);
      await vi.advanceTimersByTimeAsync(5);
      await pending;
    }
    expect(listeners()).toBe(0);
  });

  it("resolves at once for 0 ms (no timer tick per call when a latency is off)", async () => {
    const timers = countingTimers();
    await sleep(0, undefined, timers);
    expect(timers.pending()).toBe(0);
    expect(timers.cleared()).toBe(0);
  });
});

describe("sleepUntilWoken", () => {
  it("resolves instead of rejecting when the signal aborts, and clears its timer", async () => {
    const timers = countingTimers();
    const { controller, listeners } = countedSignal();
    const pending = sleepUntilWoken(60_000, controller.signal, timers);
    controller.abort();
    await expect(pending).resolves.toBeUndefined();
    expect(timers.pending()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it("resolves at once on an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleepUntilWoken(60_000, controller.signal)).resolves.toBeUndefined();
  });
});
