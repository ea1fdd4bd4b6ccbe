import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BatchSummary, progressAnnouncement } from "@/components/batch/batch-summary";
import {
  batchTiming,
  estimateRemainingMs,
  formatClockTime,
  formatDuration,
  minimumDurationMs,
} from "@/components/batch/batch-time";

const counts = (completed: number, failed: number, total: number) => ({
  totalItems: total,
  completedItems: completed,
  failedItems: failed,
  pendingItems: total - completed - failed,
});

describe("BatchSummary", () => {
  it("shows the counts it is given, processed = completed + failed, on a progressbar", () => {
    render(
      <BatchSummary
        progress={counts(57, 3, 100)}
        status="running"
        elapsedMs={95_000}
        estimatedRemainingMs={62_000}
        inFlight={3}
      />,
    );
    expect(screen.getByTestId("stat-completed")).toHaveTextContent("57");
    expect(screen.getByTestId("stat-failed")).toHaveTextContent("3");
    expect(screen.getByTestId("stat-pending")).toHaveTextContent("40");
    expect(screen.getByText("3 generating now")).toBeInTheDocument();
    expect(screen.getByTestId("stat-elapsed")).toHaveTextContent("1 min 35 s");
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("1 min 02 s");
    expect(screen.getByTestId("batch-processed")).toHaveTextContent("60 / 100");
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Running");
    const bar = screen.getByRole("progressbar", { name: "60 of 100 items processed" });
    expect(bar).toHaveAttribute("aria-valuenow", "60");
    expect(bar).toHaveAttribute("aria-valuemax", "100");
  });

  it("never invents a remaining time: a dash until there is a pace", () => {
    const { rerender } = render(
      <BatchSummary progress={counts(0, 0, 10)} status="running" elapsedMs={1_000} estimatedRemainingMs={null} />,
    );
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("—");
    rerender(<BatchSummary progress={counts(4, 0, 10)} status="queued" />);
    expect(screen.getByTestId("stat-elapsed")).toHaveTextContent("—");
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Queued");
    rerender(<BatchSummary progress={counts(10, 0, 10)} status="completed" elapsedMs={30_000} />);
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("0 s");
  });

  it("announces progress politely, in tenths, and the outcome in full", () => {
    const { rerender } = render(<BatchSummary progress={counts(13, 1, 100)} status="running" />);
    const live = screen.getByRole("status");
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(live).toHaveTextContent("10 of 100 items processed.");
    rerender(<BatchSummary progress={counts(18, 1, 100)} status="running" />);
    expect(live).toHaveTextContent("10 of 100 items processed.");
    rerender(<BatchSummary progress={counts(21, 1, 100)} status="interrupted" />);
    expect(live).toHaveTextContent("20 of 100 items processed.");
    rerender(<BatchSummary progress={counts(97, 3, 100)} status="completed_with_failures" />);
    expect(live).toHaveTextContent("Completed with failures: 97 of 100 items completed, 3 failed.");
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Completed with failures");
  });

  it("announces the last item of a small batch", () => {
    expect(progressAnnouncement(counts(7, 0, 7), "running")).toBe("7 of 7 items processed.");
    expect(progressAnnouncement(counts(2, 0, 7), "running")).toBe("2 of 7 items processed.");
    expect(progressAnnouncement(counts(2, 0, 7), "paused")).toBe("Paused: 2 of 7 items completed.");
  });
});

describe("batch time arithmetic", () => {
  const limit = { maxRequests: 50, windowMs: 60_000 };

  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(45_400)).toBe("45 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(3_720_000)).toBe("1 h 02 min");
  });

  it("the rate limit's floor: one window's requests start at once, then maxRequests per window", () => {
    expect(minimumDurationMs(30, limit)).toBe(0);
    expect(minimumDurationMs(100, limit)).toBe(60_000);
    expect(minimumDurationMs(1000, limit)).toBe(1_140_000);
  });

  it("estimates from the measured pace, never below the rate limit's floor, and only once there is a pace", () => {
    expect(estimateRemainingMs({ remaining: 10, processed: 0, elapsedMs: 5_000, limit })).toBeNull();
    expect(estimateRemainingMs({ remaining: 0, processed: 0, elapsedMs: 0, limit })).toBe(0);
    // 10 items in 20 s: 2 s each, 20 left -> 40 s.
    expect(estimateRemainingMs({ remaining: 20, processed: 10, elapsedMs: 20_000, limit })).toBe(40_000);
    // Fast so far, but 100 items cannot finish before the limiter's 60 s.
    expect(estimateRemainingMs({ remaining: 90, processed: 10, elapsedMs: 1_000, limit })).toBe(59_000);
    // Without a known limit, the measured pace alone.
    expect(estimateRemainingMs({ remaining: 90, processed: 10, elapsedMs: 1_000 })).toBe(9_000);
  });

  it("times a batch from job.startedAt and its outcomes: nothing before it starts or while it stands still", () => {
    const now = Date.parse("2026-11-28T12:01:00.000Z");
    const job = { startedAt: "2026-11-28T12:00:00.000Z", completedAt: null };
    const running = { ...job, displayStatus: "running" as const };
    expect(batchTiming({ ...running, startedAt: null }, counts(0, 0, 10), now)).toEqual({
      elapsedMs: null,
      remainingMs: null,
    });
    // No outcome yet: elapsed runs, time left is unknown.
    expect(batchTiming(running, counts(0, 0, 10), now)).toEqual({ elapsedMs: 60_000, remainingMs: null });
    // 3 outcomes in 60 s, 6 left: 120 s.
    expect(batchTiming(running, counts(2, 1, 9), now)).toEqual({ elapsedMs: 60_000, remainingMs: 120_000 });
    // Before hydration there is no clock: no figure rather than a server-side one.
    expect(batchTiming(running, counts(2, 1, 9), null)).toEqual({ elapsedMs: null, remainingMs: null });
    expect(batchTiming({ ...job, displayStatus: "paused" }, counts(2, 1, 9), now)).toEqual({
      elapsedMs: null,
      remainingMs: null,
    });
    expect(batchTiming({ ...job, displayStatus: "interrupted" }, counts(2, 1, 9), now)).toEqual({
      elapsedMs: 60_000,
      remainingMs: null,
    });
    expect(
      batchTiming(
        { ...job, completedAt: "2026-11-28T12:00:45.000Z", displayStatus: "completed_with_failures" },
        counts(8, 1, 9),
        now,
      ),
    ).toEqual({ elapsedMs: 45_000, remainingMs: 0 });
  });

  it("shows clock times in UTC", () => {
    expect(formatClockTime("2026-11-28T13:02:11.000Z")).toBe("13:02:11 UTC");
  });
});
