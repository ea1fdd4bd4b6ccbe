import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { BatchDetail } from "@/components/batch/batch-detail";
import { Toaster } from "@/components/notifications/toaster";
import { notificationManager } from "@/components/notifications/notification-manager";
import type { BatchDetails, BatchJob } from "@/lib/batch/types";
import { apiError, FakeBatchApi, fakeId, makeItem, makeJob } from "./fake-batch-api";

let api: FakeBatchApi;

beforeEach(() => {
  api = new FakeBatchApi();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

/** A batch of `total` items of which the first `completed` are done. */
function seed(total: number, completed = 0, job: Partial<BatchJob> = {}): BatchDetails {
  const status = job.status ?? (completed > 0 ? "running" : "pending");
  const created = makeJob({
    status,
    startedAt: completed > 0 ? new Date(Date.now() - 20_000).toISOString() : null,
    ...job,
  });
  const items = Array.from({ length: total }, (_, index) =>
    makeItem(
      created.id,
      index,
      index < completed
        ? { status: "completed", attempts: 1, conversationId: fakeId("f"), completedAt: "2026-11-28T12:00:00.000Z" }
        : {},
    ),
  );
  return api.addJob(created, items);
}

function renderDetail(initial: BatchDetails) {
  const user = userEvent.setup();
  render(<BatchDetail initial={initial} client={api.client()} eventSource={api.events.factory} />);
  return { user };
}

/** Lets the fake stream's first (full) message arrive. */
async function connected() {
  await waitFor(() => expect(screen.getByTestId("live-status")).toHaveTextContent(/^Live/));
}

describe("BatchDetail: watching a batch the server runs", () => {
  it("shows the server-rendered counts at once, then follows the stream's deltas", async () => {
    const initial = seed(12, 2);
    renderDetail(initial);

    expect(screen.getByTestId("stat-completed")).toHaveTextContent("2");
    expect(screen.getByTestId("stat-pending")).toHaveTextContent("10");
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Running");
    expect(api.events.opened.map((source) => source.url)).toEqual([`/api/batches/${initial.job.id}/events`]);
    await connected();
    // Nothing generates from the browser: it only reads.
    expect(api.requests.filter((request) => request.method !== "GET")).toEqual([]);

    act(() => void api.work(initial.job.id, { complete: 9, start: 1 }));
    expect(screen.getByTestId("stat-completed")).toHaveTextContent("11");
    expect(screen.getByTestId("stat-pending")).toHaveTextContent("1");
    expect(screen.getByText("1 generating now")).toBeInTheDocument();
    const bar = screen.getByTestId("batch-progress");
    expect(bar).toHaveAttribute("aria-valuenow", "11");
    expect(bar).toHaveAttribute("aria-valuemax", "12");
    // Announced by tenths of the batch (steps of 2 for 12 items), not per item.
    expect(screen.getByTestId("batch-announcement")).toHaveTextContent("10 of 12 items processed.");
    // One item changed per row: merged by id, nothing duplicated.
    expect(screen.getAllByTestId("batch-item")).toHaveLength(12);
    expect(screen.getAllByTestId("batch-item").filter((row) => row.dataset.status === "completed")).toHaveLength(11);

    act(() => void api.work(initial.job.id, { complete: 1 }));
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Completed");
    expect(screen.getByText("All 12 conversations are ready")).toBeInTheDocument();
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("0 s");
    expect(screen.getByTestId("batch-announcement")).toHaveTextContent("Completed: 12 of 12 items completed.");
    // `event: end` closed the stream: EventSource would otherwise reconnect.
    expect(api.events.live()).toEqual([]);
    expect(screen.queryByTestId("pause-batch")).not.toBeInTheDocument();
    expect(screen.queryByTestId("cancel-batch")).not.toBeInTheDocument();
  });

  it("shows no time left until an item has an outcome, then an estimate from the measured pace", async () => {
    const initial = seed(10, 0, { status: "running", startedAt: new Date(Date.now() - 4_000).toISOString() });
    renderDetail(initial);
    await connected();
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("—");
    expect(screen.getByTestId("stat-elapsed")).toHaveTextContent(/^\d+ s$/);

    act(() => void api.work(initial.job.id, { complete: 5 }));
    // The fake worker started the clock 10 s before its first outcome: 5 items in ~10 s, 5 left.
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent(/^\d+ s$/);
    expect(screen.getByTestId("stat-remaining")).not.toHaveTextContent("—");
  });

  it("replaces its state when a reconnect's full message arrives", async () => {
    const initial = seed(4);
    renderDetail(initial);
    await connected();
    const [source] = api.events.opened;
    // The connection drops; the server finishes two items meanwhile; the reconnect's first message is full.
    act(() => source!.fail());
    expect(screen.getByTestId("live-status")).toHaveTextContent("Connecting");
    const stored = api.jobs.get(initial.job.id)!;
    Object.assign(stored.items[0]!, { status: "completed", attempts: 1, conversationId: fakeId("f") });
    Object.assign(stored.items[1]!, { status: "completed", attempts: 1, conversationId: fakeId("f") });
    act(() => {
      source!.open();
      source!.send("batch", { ...api.details(initial.job.id), full: true });
    });
    expect(screen.getByTestId("stat-completed")).toHaveTextContent("2");
    expect(screen.getByTestId("live-status")).toHaveTextContent(/^Live/);
  });

  it("lists each item's outcome: attempts, the saved error with its details, a rate-limit wait, the conversation", async () => {
    const initial = seed(3, 1);
    const notBefore = new Date(Date.now() + 60_000);
    Object.assign(api.jobs.get(initial.job.id)!.items[1]!, {
      status: "failed",
      attempts: 1,
      notBefore: notBefore.toISOString(),
      lastError: {
        code: "ERR_GEN_RATE_LIMIT",
        message: "The AI provider is rate limiting requests.",
        retryable: true,
        retryAfter: 60,
        at: "2026-11-28T12:31:00.000Z",
      },
    });
    renderDetail(api.details(initial.job.id));
    await connected();

    const rows = screen.getAllByTestId("batch-item");
    expect(rows[0]).toHaveAttribute("data-status", "completed");
    expect(within(rows[0]!).getByRole("link", { name: /^Open\s*the conversation about Topic 1$/ })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/conversations\//),
    );
    expect(rows[1]).toHaveAttribute("data-status", "waiting");
    expect(within(rows[1]!).getByTestId("item-waiting")).toHaveTextContent(
      `waiting for rate limit until ${notBefore.toISOString().slice(11, 19)} UTC`,
    );
    expect(rows[1]).toHaveTextContent("1 of 3 attempts");
    expect(rows[1]).toHaveTextContent("The AI provider is rate limiting requests.");
    expect(within(rows[1]!).getByRole("button", { name: /^View details\s*of item 2$/ })).toBeInTheDocument();
    expect(rows[2]).toHaveAttribute("data-status", "pending");

    act(() => void api.work(initial.job.id, { fail: 1 }));
    const failed = screen.getAllByTestId("batch-item")[2]!;
    expect(failed).toHaveAttribute("data-status", "failed");
    expect(failed).toHaveTextContent("3 of 3 attempts");
  });
});

describe("BatchDetail: steering the batch", () => {
  it("Pause asks the server, then Resume; the counters keep following the stream", async () => {
    const initial = seed(6, 1);
    const { user } = renderDetail(initial);
    await connected();
    expect(screen.queryByTestId("resume-batch")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("pause-batch"));
    expect(api.requestsTo("POST", /\/pause$/).map((request) => request.path)).toEqual([
      `/api/batches/${initial.job.id}/pause`,
    ]);
    await waitFor(() => expect(screen.getByTestId("batch-status")).toHaveTextContent("Paused"));
    expect(screen.getByTestId("batch-outcome")).toHaveTextContent("No new items start until you resume");
    expect(screen.queryByTestId("pause-batch")).not.toBeInTheDocument();
    expect(screen.getByTestId("stat-remaining")).toHaveTextContent("—");

    // Items already with the generator still finish while paused.
    act(() => void api.work(initial.job.id, { complete: 1 }));
    expect(screen.getByTestId("stat-completed")).toHaveTextContent("2");

    await user.click(screen.getByTestId("resume-batch"));
    await waitFor(() => expect(screen.getByTestId("batch-status")).toHaveTextContent("Running"));
    expect(api.requestsTo("POST", /\/resume$/)).toHaveLength(1);
    expect(screen.getByTestId("pause-batch")).toBeInTheDocument();
  });

  it("an interrupted batch offers both Resume and Pause and says why nothing moves", async () => {
    const initial = seed(4, 1, { displayStatus: "interrupted" });
    renderDetail(initial);
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Interrupted");
    expect(screen.getByTestId("batch-outcome")).toHaveTextContent(
      "No server process is working on this batch right now",
    );
    expect(screen.getByTestId("resume-batch")).toBeInTheDocument();
    expect(screen.getByTestId("pause-batch")).toBeInTheDocument();
  });

  it("Cancel asks first (Keep batch focused, the red button last); keeping it sends nothing", async () => {
    const initial = seed(10, 4);
    const { user } = renderDetail(initial);
    await connected();
    await user.click(screen.getByTestId("cancel-batch"));

    const confirm = await screen.findByRole("dialog", { name: /Cancel “Refund requests”\?/ });
    expect(confirm).toHaveAccessibleDescription(
      /4 finished conversations stay in Conversations\. The other 6 items will never be generated/,
    );
    expect(within(confirm).getByRole("button", { name: "Keep batch" })).toHaveFocus();
    const buttons = within(confirm)
      .getAllByRole("button")
      .filter((button) => button.textContent !== "");
    expect(buttons.at(-1)).toHaveTextContent("Cancel batch");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("POST", /\/cancel$/)).toEqual([]);

    await user.click(screen.getByTestId("cancel-batch"));
    await user.click(await screen.findByRole("button", { name: "Cancel batch" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("POST", /\/cancel$/)).toHaveLength(1);
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Cancelled");
    expect(screen.getByText("This batch was cancelled")).toBeInTheDocument();
    expect(screen.queryByTestId("cancel-batch")).not.toBeInTheDocument();
    expect(api.events.live()).toEqual([]);
  });

  it("keeps the confirmation open with the reason when the cancel fails", async () => {
    api.on((request) =>
      request.path.endsWith("/cancel") ? apiError(500, "ERR_INTERNAL", "Something went wrong on our side.") : undefined,
    );
    const { user } = renderDetail(seed(3));
    await user.click(screen.getByTestId("cancel-batch"));
    await user.click(await screen.findByRole("button", { name: "Cancel batch" }));
    const confirm = screen.getByRole("dialog", { name: /Cancel/ });
    expect(await within(confirm).findByRole("alert")).toHaveTextContent("Something went wrong on our side");
  });

  it("Retry failed items reopens a batch that completed with failures and listens again", async () => {
    const initial = seed(3, 2);
    const { user } = renderDetail(initial);
    await connected();
    act(() => void api.work(initial.job.id, { fail: 1 }));
    expect(screen.getByTestId("batch-status")).toHaveTextContent("Completed with failures");
    expect(screen.getByText("2 conversations ready, 1 failed")).toBeInTheDocument();
    expect(api.events.live()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Retry failed items (1)" }));
    expect(api.requestsTo("POST", /\/retry$/)).toHaveLength(1);
    await waitFor(() => expect(api.events.live()).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("batch-status")).toHaveTextContent("Queued"));
    expect(screen.getByTestId("stat-failed")).toHaveTextContent("0");

    act(() => void api.work(initial.job.id, { complete: 1 }));
    expect(screen.getByText("All 3 conversations are ready")).toBeInTheDocument();
  });

  it("a pause the server refuses as finished (409) says so and catches up with the batch", async () => {
    const initial = seed(2, 1);
    api.on((request) => {
      if (!request.path.endsWith("/pause")) return undefined;
      api.work(initial.job.id, { complete: 1 });
      return apiError(409, "ERR_CONFLICT", "This batch is already finished.");
    });
    const user = userEvent.setup();
    render(
      <>
        <Toaster />
        <BatchDetail initial={initial} client={api.client()} eventSource={null} />
      </>,
    );
    await user.click(screen.getByTestId("pause-batch"));
    expect(await screen.findByText("The batch was not paused")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("batch-status")).toHaveTextContent("Completed"));
    expect(api.requestsTo("GET", new RegExp(`/api/batches/${initial.job.id}$`))).toHaveLength(1);
  });
});

describe("BatchItemList waits", () => {
  it("an item out of attempts never shows a wait, even with a not-before left from its last backoff", async () => {
    const initial = seed(2, 0, { status: "running" });
    const later = new Date(Date.now() + 60_000).toISOString();
    const error = {
      code: "ERR_NET_CONNECTION_FAILED",
      message: "The connection to the AI provider failed.",
      retryable: true,
      at: "2026-11-28T12:31:00.000Z",
    };
    const stored = api.jobs.get(initial.job.id)!;
    Object.assign(stored.items[0]!, { status: "failed", attempts: 3, notBefore: later, lastError: error });
    Object.assign(stored.items[1]!, { status: "failed", attempts: 1, notBefore: later, lastError: error });
    renderDetail(api.details(initial.job.id));
    await connected();
    const [exhausted, backingOff] = screen.getAllByTestId("batch-item");
    expect(exhausted).toHaveAttribute("data-status", "failed");
    expect(within(exhausted!).queryByTestId("item-waiting")).not.toBeInTheDocument();
    expect(backingOff).toHaveAttribute("data-status", "waiting");
    expect(within(backingOff!).getByTestId("item-waiting")).toHaveTextContent(
      `waiting to retry until ${later.slice(11, 19)} UTC`,
    );
  });
});
