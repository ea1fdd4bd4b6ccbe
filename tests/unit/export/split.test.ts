import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { allocateValidation, selectValidation, type SplitCandidate } from "@/lib/export/split";

const batches = [randomUUID(), randomUUID(), randomUUID(), null];
function examples(count: number, weights = [5, 3, 1, 2]): SplitCandidate[] {
  const total = weights.reduce((s, w) => s + w, 0);
  return Array.from({ length: count }, (_, i) => {
    let pick = i % total;
    let stratum = 0;
    while (pick >= (weights[stratum] ?? 0)) pick -= weights[stratum++] ?? 0;
    return { id: randomUUID(), batchJobId: batches[stratum] ?? null };
  });
}

describe("allocateValidation (largest remainder)", () => {
  it("gives exactly round(N * p / 100) in total, never more than a stratum holds", () => {
    for (let trial = 0; trial < 200; trial += 1) {
      const strata = new Map<string, number>(
        Array.from({ length: 1 + (trial % 7) }, (_, i) => [`s${i}`, (trial * 7 + i * 13) % 23]),
      );
      const percent = 1 + (trial % 50);
      const allocation = allocateValidation(strata, percent);
      const total = [...strata.values()].reduce((s, x) => s + x, 0);
      expect([...allocation.values()].reduce((s, x) => s + x, 0)).toBe(Math.round((total * percent) / 100));
      for (const [key, k] of allocation) {
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(strata.get(key) ?? 0);
        // Each stratum within one of its exact share.
        expect(Math.abs(k - ((strata.get(key) ?? 0) * percent) / 100)).toBeLessThan(1);
      }
    }
  });
});

describe("selectValidation", () => {
  const data = examples(1_003);

  it("is deterministic for a seed and differs between seeds", () => {
    const a = selectValidation(data, 10, 42);
    expect([...selectValidation([...data].reverse(), 10, 42)].sort()).toEqual([...a].sort());
    expect([...selectValidation(data, 10, 7)].sort()).not.toEqual([...a].sort());
  });

  it.each([1, 10, 15, 33, 50])(
    "takes %s%% within one example; train and validation are disjoint and cover everything",
    (percent) => {
      const validation = selectValidation(data, percent, 42);
      expect(Math.abs(validation.size - (data.length * percent) / 100)).toBeLessThanOrEqual(1);
      const train = data.filter((e) => !validation.has(e.id));
      expect(train.length + validation.size).toBe(data.length);
      for (const id of validation) expect(data.some((e) => e.id === id)).toBe(true);
    },
  );

  it("is stratified by batch: each batch (and the no-batch group) gives its share", () => {
    const validation = selectValidation(data, 20, 42);
    for (const batch of batches) {
      const inStratum = data.filter((e) => e.batchJobId === batch);
      const chosen = inStratum.filter((e) => validation.has(e.id)).length;
      expect(Math.abs(chosen - inStratum.length * 0.2)).toBeLessThan(1);
    }
  });
});
