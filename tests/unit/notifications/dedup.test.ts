import { describe, expect, it } from "vitest";
import { DedupCache } from "@/lib/notifications/dedup";

describe("DedupCache", () => {
  it("counts repeats inside the window and forgets them after it", () => {
    let now = 0;
    const cache = new DedupCache({ windowMs: 5000, now: () => now });
    expect(cache.hit("network:offline")).toBeUndefined();
    cache.remember("network:offline", "t1");
    now = 1000;
    expect(cache.hit("network:offline")).toMatchObject({ id: "t1", count: 2 });
    now = 5999; // 4999 ms after the last repeat
    expect(cache.hit("network:offline")).toMatchObject({ id: "t1", count: 3 });
    now = 10_999; // exactly 5 s after the last repeat
    expect(cache.hit("network:offline")).toBeUndefined();
  });

  it("drops expired entries and never holds more than its cap", () => {
    let now = 0;
    const cache = new DedupCache({ windowMs: 5000, maxEntries: 3, now: () => now });
    for (let i = 0; i < 10; i++) cache.remember(`message ${i}`, i);
    expect(cache.size).toBe(3);
    // The least recently seen went first.
    expect(cache.hit("message 0")).toBeUndefined();
    expect(cache.hit("message 9")).toMatchObject({ id: 9 });
    now = 5000;
    expect(cache.size).toBe(0);
  });

  it("forgets a dismissed toast so the next occurrence is a fresh toast", () => {
    const cache = new DedupCache({ windowMs: 5000, now: () => 0 });
    cache.remember("a", "t1");
    cache.forgetToast("t1");
    expect(cache.hit("a")).toBeUndefined();
  });
});
