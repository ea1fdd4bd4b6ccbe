import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { LiveBatchJobTable } from "@/components/batch/live-batch-job-table";
import { setOpenBatchesEventSource } from "@/components/batch/open-batches-store";
import type { BatchJobSummary } from "@/lib/batch/types";
import { FakeEventSources } from "./fake-event-source";

let streams: FakeEventSources;

beforeEach(() => {
  streams = new FakeEventSources();
  setOpenBatchesEventSource(streams.factory);
  router.refresh.mockReset();
});

afterEach(() => setOpenBatchesEventSource(undefined));

function job(id: string, overrides: Partial<BatchJobSummary> = {}): BatchJobSummary {
  const completedItems = overrides.completedItems ?? 0;
  const failedItems = overrides.failedItems ?? 0;
  return {
    id,
    name: `Batch ${id}`,
    status: "pending",
    displayStatus: "queued",
    totalItems: 12,
    completedItems,
    failedItems,
    progress: {
      totalItems: 12,
      completedItems,
      failedItems,
      pendingItems: 12 - completedItems - failedItems,
      progressPercentage: 0,
    },
    createdAt: "2026-11-28T12:00:00.000Z",
    updatedAt: "2026-11-28T12:00:00.000Z",
    startedAt: null,
    ...overrides,
  };
}

function send(...batches: BatchJobSummary[]) {
  act(() => {
    for (const source of streams.live()) source.send("batches", { batches });
  });
}

describe("LiveBatchJobTable", () => {
  it("shows the display status and the stream's counters, not the page's stale ones", () => {
    render(
      <LiveBatchJobTable
        jobs={[job("a"), job("b", { status: "completed", displayStatus: "completed", completedItems: 12 })]}
      />,
    );
    const [first] = screen.getAllByTestId("batch-row");
    expect(within(first!).getByTestId("batch-row-status")).toHaveTextContent("Queued");
    expect(within(first!).getByTestId("batch-row-processed")).toHaveTextContent("0 / 12");

    send(job("a", { status: "running", displayStatus: "running", completedItems: 11 }));
    expect(within(first!).getByTestId("batch-row-status")).toHaveTextContent("Running");
    expect(within(first!).getByTestId("batch-row-processed")).toHaveTextContent("11 / 12");
    expect(within(first!).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "11");
    expect(router.refresh).not.toHaveBeenCalled();
  });

  it("re-renders the page once when a listed batch leaves the stream (it finished) or a new one appears", () => {
    const { rerender } = render(
      <LiveBatchJobTable jobs={[job("a", { status: "running", displayStatus: "running" })]} />,
    );
    send(job("a", { status: "running", displayStatus: "running", completedItems: 3 }));
    expect(router.refresh).not.toHaveBeenCalled();

    send();
    expect(router.refresh).toHaveBeenCalledTimes(1);
    // The same reason again (the refresh has not landed yet) asks for nothing more.
    send();
    expect(router.refresh).toHaveBeenCalledTimes(1);
    // Landed: the batch is final now, so nothing is stale any more.
    rerender(
      <LiveBatchJobTable jobs={[job("a", { status: "completed", displayStatus: "completed", completedItems: 12 })]} />,
    );
    expect(router.refresh).toHaveBeenCalledTimes(1);

    send(job("z"));
    expect(router.refresh).toHaveBeenCalledTimes(2);
  });
});
