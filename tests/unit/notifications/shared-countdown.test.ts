import { describe, expect, it, vi } from "vitest";
import { SharedCountdown, storageChannel } from "@/lib/notifications/shared-countdown";
import { connectRateLimiter } from "@/lib/notifications/rate-limit-sync";
import { RateLimiter } from "@/lib/api/rate-limiter";
import type { Timers } from "@/lib/timers";
import { FakeChannelHub } from "./fake-adapter";

describe("SharedCountdown", () => {
  it("shares one end time between tabs and never shortens it", () => {
    let now = 1_000_000;
    const hub = new FakeChannelHub();
    const tabA = new SharedCountdown({ channel: hub.channel(), now: () => now });
    const tabB = new SharedCountdown({ channel: hub.channel(), now: () => now });
    const seenByB = vi.fn();
    tabB.subscribe(seenByB);

    tabA.start(now + 30_000);
    expect(tabB.getUntil()).toBe(now + 30_000);
    expect(seenByB).toHaveBeenCalledWith(now + 30_000, "remote");
    expect(tabB.remainingSeconds()).toBe(30);

    tabB.start(now + 10_000); // a shorter wait from another 429 does not cut the countdown
    expect(tabA.getUntil()).toBe(now + 30_000);

    now += 29_001;
    expect(tabA.remainingSeconds()).toBe(1);
    now += 999;
    expect(tabA.remainingSeconds()).toBe(0);
    expect(tabA.getUntil()).toBeNull();
  });

  it("falls back to localStorage events where BroadcastChannel is missing", () => {
    const now = 5_000;
    const store = new Map<string, string>();
    const storage = { setItem: (k: string, v: string) => void store.set(k, v) } as unknown as Storage;
    const target = new EventTarget();
    const otherTab = new SharedCountdown({
      channel: storageChannel("rl", storage, target as unknown as Window),
      now: () => now,
    });
    const thisTab = new SharedCountdown({
      channel: storageChannel("rl", storage, new EventTarget() as unknown as Window),
      now: () => now,
    });

    thisTab.start(now + 20_000);
    // The browser fires `storage` in the other tabs with the written value.
    const event = Object.assign(new Event("storage"), { key: "rl", newValue: store.get("rl") ?? null });
    target.dispatchEvent(event);
    expect(otherTab.getUntil()).toBe(now + 20_000);
  });

  it("works per tab without any channel", () => {
    const countdown = new SharedCountdown({ channel: null, now: () => 0 });
    countdown.start(3_000);
    expect(countdown.remainingSeconds()).toBe(3);
  });
});

describe("connectRateLimiter", () => {
  function manualTimers(): Timers & { run: () => void } {
    const pending: Array<() => void> = [];
    return {
      setTimeout: (callback) => pending.push(callback),
      clearTimeout: () => undefined,
      run: () => pending.splice(0).forEach((callback) => callback()),
    };
  }

  it("holds this tab's requests until a countdown started in another tab ends", async () => {
    let now = 0;
    const hub = new FakeChannelHub();
    const timers = manualTimers();
    const limiter = new RateLimiter({ now: () => now, timers });
    const here = new SharedCountdown({ channel: hub.channel(), now: () => now });
    const elsewhere = new SharedCountdown({ channel: hub.channel(), now: () => now });
    connectRateLimiter(limiter, here);

    elsewhere.start(15_000);
    expect(limiter.getState().limitedUntil).toBe(15_000);
    let started = false;
    void limiter.acquire().then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(false);

    now = 15_000;
    timers.run();
    await Promise.resolve();
    expect(started).toBe(true);
  });

  it("starts the shared countdown when this tab's limiter is paused by a 429", () => {
    const now = 0;
    const hub = new FakeChannelHub();
    const limiter = new RateLimiter({ now: () => now, timers: manualTimers() });
    const here = new SharedCountdown({ channel: hub.channel(), now: () => now });
    const elsewhere = new SharedCountdown({ channel: hub.channel(), now: () => now });
    connectRateLimiter(limiter, here);

    limiter.pauseUntil(8_000);
    void limiter.acquire(); // the limiter reports its state on activity
    expect(elsewhere.getUntil()).toBe(8_000);
  });
});
