import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { applyBatchEvent, useBatchEvents } from "@/components/batch/use-batch-events";
import type { BatchDetails } from "@/lib/batch/types";
import { FakeBatchApi, makeItem, makeJob } from "./fake-batch-api";

let api: FakeBatchApi;

beforeEach(() => {
  api = new FakeBatchApi();
});

function seed(total: number): BatchDetails {
  const job = makeJob({ status: "running" });
  return api.addJob(
    job,
    Array.from({ length: total }, (_, index) => makeItem(job.id, index)),
  );
}

describe("applyBatchEvent", () => {
  it("merges a delta by item id, keeps the others, and places unseen items by index", () => {
    const current = seed(3);
    const [first, second, third] = current.items;
    const done = { ...second!, status: "completed" as const, attempts: 1 };
    const unseen = makeItem(current.job.id, 3);
    const next = applyBatchEvent(current, { ...current, items: [unseen, done], full: false });
    expect(next.items.map((item) => item.id)).toEqual([first!.id, second!.id, third!.id, unseen.id]);
    expect(next.items[1]).toBe(done);
    expect(next.items[0]).toBe(first);
  });

  it("a full message replaces every item", () => {
    const current = seed(3);
    const only = makeItem(current.job.id, 0, { status: "completed" });
    const next = applyBatchEvent(current, { ...current, items: [only], full: true });
    expect(next.items).toEqual([only]);
  });
});

describe("useBatchEvents without a stream", () => {
  it("re-reads the batch where there is no EventSource, until it is final", async () => {
    const initial = seed(2);
    const { result } = renderHook(() =>
      useBatchEvents({ initial, eventSource: null, client: api.client(), pollMs: 10 }),
    );
    expect(result.current.connected).toBe(false);

    act(() => void api.work(initial.job.id, { complete: 1 }));
    await waitFor(() => expect(result.current.details.progress.completedItems).toBe(1));
    act(() => void api.work(initial.job.id, { complete: 1 }));
    await waitFor(() => expect(result.current.details.job.status).toBe("completed"));
    const reads = api.requestsTo("GET", /\/api\/batches\/[^/]+$/).length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Final: no more looks.
    expect(api.requestsTo("GET", /\/api\/batches\/[^/]+$/)).toHaveLength(reads);
  });

  it("falls back to re-reading when the stream is refused, but lets EventSource retry a dropped one", async () => {
    const initial = seed(2);
    const { result } = renderHook(() =>
      useBatchEvents({ initial, eventSource: api.events.factory, client: api.client(), pollMs: 10 }),
    );
    await waitFor(() => expect(result.current.connected).toBe(true));
    const [source] = api.events.opened;

    act(() => source!.fail());
    expect(result.current.connected).toBe(false);
    expect(source!.closed).toBe(false);
    expect(api.requestsTo("GET", /\/api\/batches\//)).toEqual([]);

    act(() => source!.fail({ refused: true }));
    act(() => void api.work(initial.job.id, { complete: 2 }));
    await waitFor(() => expect(result.current.details.job.status).toBe("completed"));
    expect(api.requestsTo("GET", /\/api\/batches\/[^/]+$/).length).toBeGreaterThan(0);
    expect(api.events.opened).toHaveLength(1);
  });

  it("skips a malformed message instead of breaking", async () => {
    const initial = seed(1);
    const { result } = renderHook(() =>
      useBatchEvents({ initial, eventSource: api.events.factory, client: api.client() }),
    );
    await waitFor(() => expect(result.current.connected).toBe(true));
    act(() => api.events.opened[0]!.send("batch", "{not json"));
    expect(result.current.details.items).toHaveLength(1);
  });
});
