import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OPEN_BATCHES_EVENTS_URL, setOpenBatchesEventSource } from "@/components/batch/open-batches-store";
import { RunningBatchesIndicator } from "@/components/layout/running-batches-indicator";
import type { BatchDisplayStatus, BatchJobSummary } from "@/lib/batch/types";
import { FakeEventSources } from "../batch/fake-event-source";

let streams: FakeEventSources;

beforeEach(() => {
  streams = new FakeEventSources();
  setOpenBatchesEventSource(streams.factory);
});

afterEach(() => setOpenBatchesEventSource(undefined));

function summary(id: string, name: string, displayStatus: BatchDisplayStatus): BatchJobSummary {
  const progress = { totalItems: 12, completedItems: 5, failedItems: 0, pendingItems: 7, progressPercentage: 41.67 };
  return {
    id,
    name,
    status: displayStatus === "paused" ? "paused" : "running",
    displayStatus,
    totalItems: 12,
    completedItems: 5,
    failedItems: 0,
    progress,
    createdAt: "2026-11-28T12:00:00.000Z",
    updatedAt: "2026-11-28T12:00:00.000Z",
    startedAt: "2026-11-28T12:00:00.000Z",
  };
}

function send(...batches: BatchJobSummary[]) {
  act(() => {
    for (const source of streams.live()) source.send("batches", { batches });
  });
}

describe("RunningBatchesIndicator", () => {
  it("shows nothing until a batch is active, and ignores paused ones", () => {
    const { container } = render(<RunningBatchesIndicator />);
    expect(streams.live().map((source) => source.url)).toEqual([OPEN_BATCHES_EVENTS_URL]);
    expect(container).toBeEmptyDOMElement();
    send(summary("a", "Refunds", "paused"));
    expect(container).toBeEmptyDOMElement();
  });

  it("one running batch: '1 running', named, linking to that batch", () => {
    render(<RunningBatchesIndicator />);
    send(summary("job-1", "Refunds", "running"), summary("job-2", "Paused one", "paused"));
    const link = screen.getByRole("link", { name: "1 running batch: Refunds" });
    expect(link).toHaveTextContent("1 running");
    expect(link).toHaveAttribute("href", "/batches/job-1");
    expect(link).toHaveAttribute("data-testid", "running-batches-indicator");
  });

  it("several: counts queued, running and interrupted ones and links to the batches list; gone when they finish", () => {
    const { container } = render(<RunningBatchesIndicator />);
    send(summary("a", "A", "running"), summary("b", "B", "queued"), summary("c", "C", "interrupted"));
    const link = screen.getByRole("link", { name: "3 running batches" });
    expect(link).toHaveTextContent("3 running");
    expect(link.getAttribute("href")).toMatch(/^\/batches\/new#/);
    send();
    expect(container).toBeEmptyDOMElement();
  });

  it("several indicators share one stream, closed when the last one goes", () => {
    const first = render(<RunningBatchesIndicator />);
    const second = render(<RunningBatchesIndicator />);
    expect(streams.opened).toHaveLength(1);
    first.unmount();
    expect(streams.live()).toHaveLength(1);
    second.unmount();
    expect(streams.live()).toHaveLength(0);
  });
});
