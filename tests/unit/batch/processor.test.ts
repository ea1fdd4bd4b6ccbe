import { describe, expect, it } from "vitest";
import {
  calculateProgress,
  classifyItem,
  filterPendingItems,
  isItemCompleted,
  progressFromCounts,
  resumeBatchProcessing,
  type BatchRunProgress,
  type CheckpointLike,
  type ProcessorItem,
} from "@/lib/batch/processor";

const NOW = Date.parse("2026-11-28T12:00:00.000Z");
const PAST = "2026-11-28T11:59:00.000Z";
const FUTURE = "2026-11-28T12:01:00.000Z";
const opts = { maxAttempts: 3, now: NOW };

const item = (id: string, extra: Partial<ProcessorItem> = {}): ProcessorItem => ({ id, status: "pending", attempts: 0, ...extra });

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
    expect(classifyItem(item("d", { status: "running", attempts: 1, leaseUntil: new Date(NOW + 1) }), null, opts)).toBe("leased");
    expect(classifyItem(item("n", { status: "running", attempts: 1, leaseUntil: NOW - 1 }), null, opts)).toBe("claimable");
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
    expect(calculateProgress({ totalItems: 2, completedItems: ["a", "b"], failedItems: [] }).progressPercentage).toBe(100);
    expect(calculateProgress({ totalItems: 2, completedItems: [], failedItems: [{ itemId: "a" }, { itemId: "b" }] })).toMatchObject({
      failedItems: 2,
      pendingItems: 0,
      progressPercentage: 100,
    });
  });

  it("the job's total wins over the checkpoint's lists (no guessing the total)", () => {
    expect(calculateProgress({ completedItems: ["a"], failedItems: [] }, 100)).toMatchObject({ totalItems: 100, pendingItems: 99, progressPercentage: 1 });
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

// ---------------------------------------------------------------------------------------

interface Gate {
  release: () => void;
  fail: (error: unknown) => void;
  started: boolean;
}

/** processItem whose calls wait until the test releases them, so interleavings are exact. */
function gatedProcessor() {
  const gates = new Map<string, Gate>();
  let inFlight = 0;
  let maxInFlight = 0;
  const order: string[] = [];
  const waiters: (() => void)[] = [];
  const processItem = (candidate: ProcessorItem): Promise<"completed" | "skipped" | void> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    order.push(candidate.id);
    return new Promise<void>((resolve, reject) => {
      gates.set(candidate.id, {
        started: true,
        release: () => {
          inFlight -= 1;
          resolve();
        },
        fail: (error) => {
          inFlight -= 1;
          reject(error);
        },
      });
      for (const wake of waiters.splice(0)) wake();
    });
  };
  const gate = async (id: string): Promise<Gate> => {
    while (!gates.has(id)) await new Promise<void>((resolve) => waiters.push(resolve));
    return gates.get(id) as Gate;
  };
  return { processItem, gate, order, maxInFlight: () => maxInFlight, inFlight: () => inFlight, started: () => gates.size };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const pendingItems = (count: number) => Array.from({ length: count }, (_, i) => item(`i${i + 1}`));

describe("resumeBatchProcessing", () => {
  it("never has more than `concurrency` items in flight, and fills every free slot", async () => {
    const gated = gatedProcessor();
    const items = pendingItems(10);
    const run = resumeBatchProcessing({ jobId: "j", items, processItem: gated.processItem, concurrency: 3 });
    await flush();
    expect(gated.started()).toBe(3);
    for (let i = 1; i <= 10; i++) {
      (await gated.gate(`i${i}`)).release();
      await flush();
      expect(gated.inFlight()).toBeLessThanOrEqual(3);
      expect(gated.started()).toBe(Math.min(10, i + 3));
    }
    const result = await run;
    expect(gated.maxInFlight()).toBe(3);
    expect(result.completed).toHaveLength(10);
    expect(gated.order).toEqual(items.map((candidate) => candidate.id));
  });

  it("runs 3 at a time by default and processes only pending items", async () => {
    const gated = gatedProcessor();
    const items = [...STATES.map(([, candidate]) => candidate), ...pendingItems(4)];
    const run = resumeBatchProcessing({ jobId: "j", items, processItem: gated.processItem, now: NOW, maxAttempts: 3 });
    await flush();
    expect(gated.started()).toBe(3);
    for (const id of ["p", "f1", "re", "i1", "i2", "i3", "i4"]) (await gated.gate(id)).release();
    const result = await run;
    expect(gated.order).toEqual(["p", "f1", "re", "i1", "i2", "i3", "i4"]);
    expect(result.completed).toEqual(["p", "f1", "re", "i1", "i2", "i3", "i4"]);
  });

  it("reports real progress after every item, starting from what was already done", async () => {
    const reports: BatchRunProgress[] = [];
    const items = [item("done", { status: "completed" }), item("old-fail", { status: "failed", attempts: 1 }), item("a"), item("b")];
    const result = await resumeBatchProcessing({
      jobId: "job-1",
      items,
      concurrency: 1,
      processItem: async (candidate) => {
        if (candidate.id === "b") throw new Error("provider down");
      },
      onProgress: (progress) => reports.push(progress),
    });
    expect(reports.map((r) => [r.itemId, r.outcome, r.completedItems, r.failedItems, r.pendingItems, r.progressPercentage])).toEqual([
      ["old-fail", "completed", 2, 0, 2, 50],
      ["a", "completed", 3, 0, 1, 75],
      ["b", "failed", 3, 1, 0, 100],
    ]);
    expect(reports.every((r) => r.jobId === "job-1" && r.totalItems === 4)).toBe(true);
    expect((reports[2]?.error as Error).message).toBe("provider down");
    expect(result).toEqual({
      completed: ["old-fail", "a"],
      failed: [{ itemId: "b", error: expect.any(Error) }],
      skipped: [],
      cancelled: false,
    });
  });

  it("leaves an item another runner holds as pending ('skipped')", async () => {
    const reports: BatchRunProgress[] = [];
    const result = await resumeBatchProcessing({
      jobId: "j",
      items: pendingItems(2),
      concurrency: 1,
      processItem: async (candidate) => (candidate.id === "i1" ? "skipped" : "completed"),
      onProgress: (progress) => reports.push(progress),
    });
    expect(result).toMatchObject({ completed: ["i2"], skipped: ["i1"] });
    expect(reports[0]).toMatchObject({ outcome: "skipped", completedItems: 0, pendingItems: 2 });
  });

  it("stops starting items once the signal aborts, lets the ones in flight finish, and says it was cancelled", async () => {
    const gated = gatedProcessor();
    const controller = new AbortController();
    const run = resumeBatchProcessing({
      jobId: "j",
      items: pendingItems(8),
      processItem: gated.processItem,
      concurrency: 2,
      signal: controller.signal,
    });
    (await gated.gate("i1")).release();
    await flush();
    expect(gated.started()).toBe(3);
    controller.abort();
    for (const id of ["i2", "i3"]) (await gated.gate(id)).release();
    const result = await run;
    expect(gated.order).toEqual(["i1", "i2", "i3"]);
    expect(result).toMatchObject({ completed: ["i1", "i2", "i3"], cancelled: true });
  });

  it("counts an item aborted in flight as cancelled, not failed", async () => {
    const controller = new AbortController();
    const result = await resumeBatchProcessing({
      jobId: "j",
      items: pendingItems(1),
      signal: controller.signal,
      processItem: async (_candidate, { signal }) => {
        controller.abort();
        expect(signal.aborted).toBe(true);
        throw Object.assign(new Error("aborted"), { name: "AbortError" });
      },
    });
    expect(result).toEqual({ completed: [], failed: [], skipped: [], cancelled: true });
  });

  it("does not start anything when already aborted, and finishes at once with nothing pending", async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const processItem = async () => {
      calls += 1;
    };
    expect(await resumeBatchProcessing({ jobId: "j", items: pendingItems(3), processItem, signal: controller.signal })).toMatchObject({
      cancelled: true,
    });
    expect(await resumeBatchProcessing({ jobId: "j", items: [item("c", { status: "completed" })], processItem })).toEqual({
      completed: [],
      failed: [],
      skipped: [],
      cancelled: false,
    });
    expect(calls).toBe(0);
  });

  it("finishes every item even when the progress callback throws, then rethrows its error", async () => {
    let calls = 0;
    const run = resumeBatchProcessing({
      jobId: "j",
      items: pendingItems(4),
      processItem: async () => {
        calls += 1;
      },
      onProgress: () => {
        throw new Error("render failed");
      },
    });
    await expect(run).rejects.toThrow("render failed");
    expect(calls).toBe(4);
  });
});
