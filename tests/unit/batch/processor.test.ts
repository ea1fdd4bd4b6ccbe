import { describe, expect, it } from "vitest";
import {
  calculateProgress,
  classifyItem,
  filterPendingItems,
  isItemCompleted,
  progressFromCounts,
  type CheckpointLike,
  type ProcessorItem,
} from "@/lib/batch/processor";

const NOW = Date.parse("2026-11-28T12:00:00.000Z");
const PAST = "2026-11-28T11:59:00.000Z";
const FUTURE = "2026-11-28T12:01:00.000Z";
const opts = { maxAttempts: 3, now: NOW };

const item = (id: string, extra: Partial<ProcessorItem> = {}): ProcessorItem => ({
  id,
  status: "pending",
  attempts: 0,
  ...extra,
});

/** Every state an item can be in, with what the processor must make of it. */
const STATES: [string, ProcessorItem, "completed" | "claimable" | "leased" | "exhausted"][] = [
  ["pending", item("p"), "claimable"],
  ["completed", item("c", { status: "completed", attempts: 1 }), "completed"],
  ["failed with attempts left", item("f1", { status: "failed", attempts: 1 }), "claimable"],
  ["failed out of attempts", item("f3", { status: "failed", attempts: 3 }), "exhausted"],
  ["running under a live lease", item("rl", { status: "running", attempts: 1, leaseUntil: FUTURE }), "leased"],
  ["running with an expired lease", item("re", { status: "running", attempts: 1, leaseUntil: PAST }), "claimable"],
  ["running, expired, no attempts left", item("rx", { status: "running", attempts: 3, leaseUntil: PAST }), "exhausted"],
];

describe("classifyItem / isItemCompleted / filterPendingItems for every item state", () => {
  it.each(STATES)("%s", (_name, candidate, expected) => {
    expect(classifyItem(candidate, null, opts)).toBe(expected);
    expect(isItemCompleted(candidate)).toBe(expected === "completed");
    expect(filterPendingItems([candidate], null, opts)).toEqual(expected === "claimable" ? [candidate] : []);
  });

  it("reads lease times given as Date or epoch ms, and treats a running item without a lease as abandoned", () => {
    expect(classifyItem(item("d", { status: "running", attempts: 1, leaseUntil: new Date(NOW + 1) }), null, opts)).toBe(
      "leased",
    );
    expect(classifyItem(item("n", { status: "running", attempts: 1, leaseUntil: NOW - 1 }), null, opts)).toBe(
      "claimable",
    );
    expect(classifyItem(item("x", { status: "running", attempts: 1, leaseUntil: null }), null, opts)).toBe("claimable");
  });

  it("honours a different attempt cap", () => {
    const failedTwice = item("f", { status: "failed", attempts: 2 });
    expect(classifyItem(failedTwice, null, { ...opts, maxAttempts: 2 })).toBe("exhausted");
    expect(classifyItem(failedTwice, null, { ...opts, maxAttempts: 5 })).toBe("claimable");
  });

  it("keeps the order of the items it returns and skips nothing pending", () => {
    const items = STATES.map(([, candidate]) => candidate);
    expect(filterPendingItems(items, null, opts).map((candidate) => candidate.id)).toEqual(["p", "f1", "re"]);
  });
});

describe("with only a checkpoint (items without a status)", () => {
  const ids = ["a", "b", "c", "d"].map((id) => ({ id }));

  it("empty checkpoint: everything is pending", () => {
    const empty: CheckpointLike = { totalItems: 4, completedItems: [], failedItems: [] };
    expect(filterPendingItems(ids, empty, opts)).toEqual(ids);
    expect(filterPendingItems(ids, null, opts)).toEqual(ids);
    expect(ids.some((candidate) => isItemCompleted(candidate, empty))).toBe(false);
  });

  it("partial: completed items are skipped, failures with attempts left are retried, exhausted ones are not", () => {
    const partial: CheckpointLike = {
      totalItems: 4,
      completedItems: ["a"],
      failedItems: [
        { itemId: "b", willRetry: true },
        { itemId: "c", attempts: 3 },
      ],
    };
    expect(filterPendingItems(ids, partial, opts).map((candidate) => candidate.id)).toEqual(["b", "d"]);
    expect(isItemCompleted("a", partial)).toBe(true);
    expect(isItemCompleted("b", partial)).toBe(false);
  });

  it("all done: nothing is pending", () => {
    const done: CheckpointLike = { totalItems: 4, completedItems: ["a", "b", "c", "d"], failedItems: [] };
    expect(filterPendingItems(ids, done, opts)).toEqual([]);
    expect(ids.every((candidate) => isItemCompleted(candidate, done))).toBe(true);
  });

  it("all failed out of attempts: nothing is pending", () => {
    const failed: CheckpointLike = {
      totalItems: 4,
      completedItems: [],
      failedItems: ids.map((candidate) => ({ itemId: candidate.id, willRetry: false })),
    };
    expect(filterPendingItems(ids, failed, opts)).toEqual([]);
  });

  it("a completed entry in the checkpoint wins over a stale item status", () => {
    const stale = item("a", { status: "running", leaseUntil: PAST });
    expect(isItemCompleted(stale, { completedItems: ["a"], failedItems: [] })).toBe(true);
    expect(filterPendingItems([stale], { completedItems: ["a"], failedItems: [] }, opts)).toEqual([]);
  });
});

describe("calculateProgress", () => {
  it("from items: counts outcomes against the real total", () => {
    const items = STATES.map(([, candidate]) => candidate);
    expect(calculateProgress(items)).toEqual({
      totalItems: 7,
      completedItems: 1,
      failedItems: 2,
      pendingItems: 4,
      progressPercentage: 42,
    });
  });

  it("empty batch state, partial, all done and all failed", () => {
    expect(calculateProgress({ completedItems: [], failedItems: [] }, 10)).toEqual({
      totalItems: 10,
      completedItems: 0,
      failedItems: 0,
      pendingItems: 10,
      progressPercentage: 0,
    });
    expect(calculateProgress({ totalItems: 3, completedItems: ["a"], failedItems: [{ itemId: "b" }] })).toMatchObject({
      pendingItems: 1,
      progressPercentage: 66,
    });
    expect(calculateProgress({ totalItems: 2, completedItems: ["a", "b"], failedItems: [] }).progressPercentage).toBe(
      100,
    );
    expect(
      calculateProgress({ totalItems: 2, completedItems: [], failedItems: [{ itemId: "a" }, { itemId: "b" }] }),
    ).toMatchObject({
      failedItems: 2,
      pendingItems: 0,
      progressPercentage: 100,
    });
  });

  it("the job's total wins over the checkpoint's lists (no guessing the total)", () => {
    expect(calculateProgress({ completedItems: ["a"], failedItems: [] }, 100)).toMatchObject({
      totalItems: 100,
      pendingItems: 99,
      progressPercentage: 1,
    });
  });

  it("never shows 100 % before every item has an outcome, and survives a zero total", () => {
    expect(progressFromCounts({ totalItems: 1000, completed: 999, failed: 0 }).progressPercentage).toBe(99);
    expect(progressFromCounts({ totalItems: 0, completed: 0, failed: 0 })).toEqual({
      totalItems: 0,
      completedItems: 0,
      failedItems: 0,
      pendingItems: 0,
      progressPercentage: 0,
    });
  });
});
