import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { BatchDetail } from "@/components/batch/batch-detail";
import { requestResume } from "@/components/batch/resume-intent";
import type { BatchDetails } from "@/lib/batch/types";
import { apiError, FakeBatchApi, fakeId, makeItem, makeJob } from "./fake-batch-api";

let api: FakeBatchApi;

beforeEach(() => {
  api = new FakeBatchApi();
});

/** A batch of `total` items of which the first `completed` are done. */
function seed(total: number, completed = 0): BatchDetails {
  const job = makeJob({ status: completed > 0 ? "running" : "pending" });
  const items = Array.from({ length: total }, (_, index) =>
    makeItem(job.id, index, index < completed ? { status: "completed", attempts: 1, conversationId: fakeId("f"), completedAt: "2026-11-28T12:00:00.000Z" } : {}),
  );
  return api.addJob(job, items);
}

/** Holds every generate call until the test lets it through. */
function gateGeneration() {
  const waiting: (() => void)[] = [];
  api.generate = () => new Promise<"ok">((resolve) => waiting.push(() => resolve("ok")));
  return {
    waiting,
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe("BatchDetail (the browser runner)", () => {
  it("does not generate on a plain visit; Start generating runs only what is left", async () => {
    const initial = seed(5, 2);
    const user = userEvent.setup();
    render(<BatchDetail initial={initial} client={api.client()} />);

    expect(screen.getByTestId("stat-completed")).toHaveTextContent("2");
    expect(screen.getByTestId("stat-pending")).toHaveTextContent("3");
    expect(screen.getByTestId("batch-run-state")).toHaveTextContent("Not running");
    expect(api.requestsTo("POST", /\/generate$/)).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Start generating" }));
    expect(await screen.findByText("All 5 conversations are ready")).toBeInTheDocument();
    // Completed items were never asked for again.
    expect(api.requestsTo("POST", /\/generate$/)).toHaveLength(3);
    expect([...api.generatedCount.values()]).toEqual([1, 1, 1]);
  });

  it("starts at once when the resume dialog sent the user here", async () => {
    const initial = seed(2);
    requestResume(initial.job.id);
    render(<BatchDetail initial={initial} client={api.client()} />);
    expect(await screen.findByText("All 2 conversations are ready")).toBeInTheDocument();
  });

  it("runs three at a time, shows live numbers, and Pause stops new items", async () => {
    const initial = seed(8);
    const gate = gateGeneration();
    requestResume(initial.job.id);
    const user = userEvent.setup();
    render(<BatchDetail initial={initial} client={api.client()} />);

    await waitFor(() => expect(gate.waiting).toHaveLength(3));
    expect(screen.getByTestId("batch-run-state")).toHaveTextContent("Running");
    expect(screen.getByText("3 generating now")).toBeInTheDocument();
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("Measuring…");

    await act(async () => gate.releaseAll());
    await waitFor(() => expect(screen.getByTestId("stat-completed")).toHaveTextContent("3"));
    await waitFor(() => expect(gate.waiting).toHaveLength(3));
    const progress = screen.getByRole("progressbar");
    expect(progress).toHaveAttribute("aria-valuenow", "3");
    expect(progress).toHaveAttribute("aria-valuemax", "8");

    await user.click(screen.getByRole("button", { name: "Pause" }));
    expect(screen.getByTestId("batch-run-state")).toHaveTextContent(/Paus/);
    await act(async () => gate.releaseAll());
    await waitFor(() => expect(screen.getByTestId("batch-run-state")).toHaveTextContent("Paused"));
    const afterPause = api.requestsTo("POST", /\/generate$/).length;
    expect(afterPause).toBe(6);
    // The in-flight calls were aborted; whatever the server finished shows after a re-read.
    expect(screen.getByTestId("stat-completed")).toHaveTextContent(String(api.details(initial.job.id).progress.completedItems));
    expect(api.requestsTo("DELETE", /\/heartbeat$/).length).toBeGreaterThan(0);

    api.generate = () => "ok";
    await user.click(screen.getByRole("button", { name: "Resume" }));
    expect(await screen.findByText("All 8 conversations are ready")).toBeInTheDocument();
    expect([...api.generatedCount.values()].every((count) => count === 1)).toBe(true);
    expect(api.generatedCount.size).toBe(8);
  });

  it("leaves an item another runner holds to it, and waits instead of generating it", async () => {
    const initial = seed(2);
    const held = initial.items[1]!;
    api.on((request) =>
      request.path.endsWith(`/items/${held.id}/generate`)
        ? apiError(409, "ERR_CONFLICT", "Item 2 is being generated by another runner right now.", { itemId: held.id, reason: "leased" })
        : undefined,
    );
    // The other runner's lease, as the server reports it after the pass.
    api.on((request) => {
      if (request.method !== "GET" || !request.path.endsWith(initial.job.id)) return undefined;
      const stored = api.jobs.get(initial.job.id)!;
      const item = stored.items[1]!;
      Object.assign(item, { status: "running", leaseOwner: "someone-else", leaseUntil: new Date(Date.now() + 60_000).toISOString() });
      return undefined;
    });
    requestResume(initial.job.id);
    render(<BatchDetail initial={initial} client={api.client()} />);

    expect(await screen.findByTestId("waiting-for-runner")).toHaveTextContent("1 item is being generated in another tab or process");
    expect(screen.getByTestId("stat-completed")).toHaveTextContent("1");
    expect(api.generatedCount.get(held.id)).toBeUndefined();
  });

  it("gives up, saying why, when the server keeps refusing items it lists as pending", async () => {
    const initial = seed(3);
    api.on((request) =>
      request.path.endsWith("/generate")
        ? apiError(409, "ERR_CONFLICT", "Item is being generated by another runner right now.", { reason: "leased" })
        : undefined,
    );
    requestResume(initial.job.id);
    render(<BatchDetail initial={initial} client={api.client()} />);
    expect(await screen.findByText("Generation stopped")).toBeInTheDocument();
    expect(screen.getByText(/the server did not hand any of them out/)).toBeInTheDocument();
    // Two passes over three items, then it stops asking.
    expect(api.requestsTo("POST", /\/generate$/)).toHaveLength(6);
    expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
  });

  it("stops leaving the page: no generate call starts after unmount", async () => {
    const initial = seed(6);
    const gate = gateGeneration();
    requestResume(initial.job.id);
    const { unmount } = render(<BatchDetail initial={initial} client={api.client()} />);
    await waitFor(() => expect(gate.waiting).toHaveLength(3));
    unmount();
    await act(async () => gate.releaseAll());
    expect(api.requestsTo("POST", /\/generate$/)).toHaveLength(3);
  });

  it("says the batch was discarded when another tab discarded it mid-run", async () => {
    const initial = seed(4);
    api.on((request) => {
      if (!request.path.endsWith("/generate")) return undefined;
      api.jobs.get(initial.job.id)!.job.status = "cancelled";
      return apiError(410, "ERR_GONE", "This batch was discarded; its items are no longer generated.");
    });
    requestResume(initial.job.id);
    render(<BatchDetail initial={initial} client={api.client()} />);
    expect(await screen.findByText("This batch was discarded")).toBeInTheDocument();
    expect(api.requestsTo("POST", /\/generate$/).length).toBeLessThanOrEqual(3);
  });
});
