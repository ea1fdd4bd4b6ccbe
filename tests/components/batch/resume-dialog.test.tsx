import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { ResumeDialog } from "@/components/batch/resume-dialog";
import { Toaster } from "@/components/notifications/toaster";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";
import { notificationManager } from "@/components/notifications/notification-manager";
import { apiError, FakeBatchApi, makeIncomplete } from "./fake-batch-api";

let api: FakeBatchApi;

beforeEach(() => {
  notificationManager.dismissAll();
  api = new FakeBatchApi();
  router.push.mockReset();
  window.sessionStorage.clear();
});

async function openWith(...batches: ReturnType<typeof makeIncomplete>[]) {
  api.checkpoints = batches;
  const user = userEvent.setup();
  render(<ResumeDialog fetch={api.fetch} client={api.client()} />);
  const dialog = await screen.findByRole("dialog");
  return { user, dialog };
}

describe("ResumeDialog with no incomplete batch", () => {
  it("renders nothing once the check has answered", async () => {
    api.checkpoints = [];
    const { container } = render(<ResumeDialog fetch={api.fetch} client={api.client()} />);
    await waitFor(() => expect(api.requestsTo("GET", /^\/api\/checkpoints$/)).toHaveLength(1));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(container).toBeEmptyDOMElement();
  });

  it("stays silent when nobody is signed in (401)", async () => {
    api.on((request) =>
      request.path === "/api/checkpoints" ? apiError(401, "ERR_AUTH_REQUIRED", "Sign in") : undefined,
    );
    render(<ResumeDialog fetch={api.fetch} client={api.client()} />);
    await waitFor(() => expect(api.requestsTo("GET", /^\/api\/checkpoints$/)).toHaveLength(1));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("a failing check leaves the page alone but says so, with a Retry that checks again", async () => {
    let failures = 1;
    api.checkpoints = [makeIncomplete({ name: "Refund requests", completed: 1, failed: 0, total: 3 })];
    api.on((request) => {
      if (request.path !== "/api/checkpoints" || failures === 0) return undefined;
      failures -= 1;
      return apiError(500, "ERR_INTERNAL", "Something went wrong on our side.");
    });
    const user = userEvent.setup();
    render(
      <>
        <ResumeDialog fetch={api.fetch} client={api.client()} />
        <Toaster />
      </>,
    );
    const toast = await screen.findByText("Could not check for paused batches");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const item = toast.closest("li") as HTMLElement;
    await user.click(within(item).getByRole("button", { name: /retry/i }));
    expect(await screen.findByRole("dialog")).toHaveAccessibleName("Resume your paused batch?");
    expect(api.requestsTo("GET", /^\/api\/checkpoints$/)).toHaveLength(2);
  });
});

describe("ResumeDialog when the check fails", () => {
  it("shows the server's error id, the one in the server log, not one the browser made up", async () => {
    api.on((request) =>
      request.path === "/api/checkpoints"
        ? apiError(500, "ERR_INTERNAL", "Something went wrong on our side.")
        : undefined,
    );
    const user = userEvent.setup();
    render(
      <>
        <ResumeDialog fetch={api.fetch} client={api.client()} />
        <Toaster />
        <ErrorDetailsHost />
      </>,
    );
    const toast = (await screen.findByText("Could not check for paused batches")).closest("li") as HTMLElement;
    await user.click(within(toast).getByRole("button", { name: /view details/i }));
    const details = await screen.findByRole("dialog");
    expect(details).toHaveTextContent("err_fake_0001");
  });
});

describe("ResumeDialog with one paused batch", () => {
  it("shows its real counts, progress, last update and the failures a resume retries", async () => {
    const batch = makeIncomplete({ name: "Refund requests", completed: 12, failed: 2, total: 30 });
    const { dialog } = await openWith(batch);

    expect(dialog).toHaveAccessibleName("Resume your paused batch?");
    expect(within(dialog).getByTestId("resume-status")).toHaveTextContent("Paused");
    expect(within(dialog).getByTestId("resume-completed")).toHaveTextContent("12");
    expect(within(dialog).getByTestId("resume-failed")).toHaveTextContent("2");
    expect(within(dialog).getByTestId("resume-pending")).toHaveTextContent("16");
    expect(within(dialog).getByTestId("resume-processed")).toHaveTextContent("14 / 30 (46%)");
    const bar = within(dialog).getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "14");
    expect(bar).toHaveAttribute("aria-valuemax", "30");
    expect(within(dialog).getByText(/Last updated/)).toHaveTextContent("28 Nov 2026, 12:30 UTC");
    expect(within(dialog).getByText("2 failed items will be retried when you resume.")).toBeInTheDocument();
    // The checkpoint's failures, each with its (sanitized) message.
    const failures = await within(dialog).findByRole("list", { name: "Failures to retry" });
    expect(within(failures).getAllByRole("listitem")).toHaveLength(2);
    expect(failures).toHaveTextContent("rate limit");
  });

  it("Resume asks the server to run it again, then opens the batch's page to watch", async () => {
    const batch = makeIncomplete();
    const { user, dialog } = await openWith(batch);
    await user.click(within(dialog).getByRole("button", { name: "Resume" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/batches/${batch.jobId}`));
    expect(api.requestsTo("POST", /./).map((request) => request.path)).toEqual([`/api/batches/${batch.jobId}/resume`]);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("stays open with the reason when the server does not resume it", async () => {
    api.on((request) =>
      request.path.endsWith("/resume") ? apiError(500, "ERR_INTERNAL", "Something went wrong on our side.") : undefined,
    );
    const { user, dialog } = await openWith(makeIncomplete());
    await user.click(within(dialog).getByRole("button", { name: "Resume" }));
    expect(await within(dialog).findByTestId("resume-error")).toHaveTextContent("Something went wrong on our side");
    expect(router.push).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: "Resume" })).toBeEnabled();
  });

  it("Escape closes it, keeps the batch, and does not reopen in this tab", async () => {
    const batch = makeIncomplete();
    const { user } = await openWith(batch);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requests.filter((request) => request.method !== "GET")).toEqual([]);

    render(<ResumeDialog fetch={api.fetch} client={api.client()} />);
    await waitFor(() => expect(api.requestsTo("GET", /^\/api\/checkpoints$/)).toHaveLength(2));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("reopens for a dismissed batch once it has progressed", async () => {
    const batch = makeIncomplete();
    const { user } = await openWith(batch);
    await user.click(screen.getByRole("button", { name: "Later" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    api.checkpoints = [{ ...batch, lastCheckpointAt: "2026-11-28T12:45:00.000Z" }];
    render(<ResumeDialog fetch={api.fetch} client={api.client()} />);
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
  });

  it("traps focus inside the dialog", async () => {
    const { user, dialog } = await openWith(makeIncomplete());
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
  });
});

describe("ResumeDialog discard", () => {
  it("asks first, with Cancel focused, and Cancel discards nothing", async () => {
    const { user, dialog } = await openWith(makeIncomplete({ completed: 4, failed: 1, total: 10 }));
    await user.click(within(dialog).getByRole("button", { name: "Discard…" }));

    const confirm = await screen.findByRole("dialog", { name: /Discard “Refund requests”\?/ });
    expect(confirm).toHaveAccessibleDescription(
      /4 finished conversations stay in Conversations\. The other 6 items will never be generated/,
    );
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    const buttons = within(confirm)
      .getAllByRole("button")
      .filter((button) => button.textContent !== "");
    expect(buttons.at(-1)).toHaveTextContent("Discard batch");

    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: /Discard/ })).not.toBeInTheDocument());
    expect(screen.getByRole("dialog", { name: "Resume your paused batch?" })).toBeInTheDocument();
    expect(api.requestsTo("DELETE", /checkpoint$/)).toEqual([]);
  });

  it("Escape in the confirmation closes only the confirmation", async () => {
    const { user, dialog } = await openWith(makeIncomplete());
    await user.click(within(dialog).getByRole("button", { name: "Discard…" }));
    await screen.findByRole("dialog", { name: /Discard/ });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: /Discard/ })).not.toBeInTheDocument());
    expect(screen.getByRole("dialog", { name: "Resume your paused batch?" })).toBeInTheDocument();
  });

  it("confirmed, it deletes the checkpoint and the dialog closes when nothing is left", async () => {
    const batch = makeIncomplete();
    const { user, dialog } = await openWith(batch);
    await user.click(within(dialog).getByRole("button", { name: "Discard…" }));
    await user.click(await screen.findByRole("button", { name: "Discard batch" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("DELETE", /checkpoint$/).map((request) => request.path)).toEqual([
      `/api/batches/${batch.jobId}/checkpoint`,
    ]);
    expect(router.push).not.toHaveBeenCalled();
  });

  it("keeps the confirmation open with the reason when the discard fails", async () => {
    api.on((request) =>
      request.method === "DELETE" ? apiError(500, "ERR_INTERNAL", "Something went wrong on our side.") : undefined,
    );
    const { user, dialog } = await openWith(makeIncomplete());
    await user.click(within(dialog).getByRole("button", { name: "Discard…" }));
    await user.click(await screen.findByRole("button", { name: "Discard batch" }));
    const confirm = screen.getByRole("dialog", { name: /Discard/ });
    expect(await within(confirm).findByRole("alert")).toHaveTextContent("Something went wrong on our side");
  });
});

describe("ResumeDialog with a batch whose items failed past the retry cap", () => {
  it("offers Retry failed items, which reopens them on the server and opens the batch's page", async () => {
    const batch = makeIncomplete({
      name: "Onboarding questions",
      reason: "failed_items",
      status: "completed_with_errors",
      displayStatus: "completed_with_failures",
      checkpointId: null,
      completed: 8,
      failed: 2,
      total: 10,
      retryableFailedItems: 0,
      exhaustedFailedItems: 2,
    });
    const { user, dialog } = await openWith(batch);
    expect(dialog).toHaveAccessibleName("Retry the failed items?");
    expect(within(dialog).getByTestId("resume-status")).toHaveTextContent("Completed with failures");
    expect(within(dialog).getByTestId("resume-failures")).toHaveTextContent("2 items failed after every attempt");
    // Finished: nothing to resume, change or discard; only the failed items can run again.
    expect(within(dialog).queryByRole("button", { name: "Resume" })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Modify settings" })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Discard…" })).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Retry failed items (2)" }));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/batches/${batch.jobId}`));
    expect(api.requestsTo("POST", /./).map((request) => request.path)).toEqual([`/api/batches/${batch.jobId}/retry`]);
  });

  it("an open batch with exhausted items can still be discarded, and lists its failures", async () => {
    const batch = makeIncomplete({
      reason: "failed_items",
      status: "running",
      displayStatus: "running",
      retryableFailedItems: 0,
      exhaustedFailedItems: 1,
    });
    const { dialog } = await openWith(batch);
    expect(within(dialog).getByRole("button", { name: "Discard…" })).toBeInTheDocument();
    const failures = await within(dialog).findByRole("list", { name: "Failed items" });
    expect(failures).toHaveTextContent("The AI provider rejected the request. (attempt 3)");
  });
});

describe("ResumeDialog with several batches", () => {
  it("lets the user pick the batch, then resumes that one", async () => {
    const first = makeIncomplete({
      name: "Refund requests",
      completed: 4,
      failed: 0,
      total: 10,
      lastCheckpointAt: "2026-11-28T12:30:00.000Z",
    });
    const second = makeIncomplete({ name: "Onboarding questions", completed: 20, failed: 3, total: 50 });
    const { user, dialog } = await openWith(first, second);

    expect(dialog).toHaveAccessibleName("2 batches need you");
    const options = within(dialog).getAllByRole("radio");
    expect(options).toHaveLength(2);
    expect(options[0]).toBeChecked();
    expect(within(dialog).getByTestId("resume-batch-details")).toHaveAttribute("data-job-id", first.jobId);

    await user.click(within(dialog).getByRole("radio", { name: /Onboarding questions/ }));
    const details = within(dialog).getByTestId("resume-batch-details");
    expect(details).toHaveAttribute("data-job-id", second.jobId);
    expect(within(details).getByTestId("resume-completed")).toHaveTextContent("20");
    expect(within(details).getByTestId("resume-pending")).toHaveTextContent("27");

    await user.click(within(dialog).getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/batches/${second.jobId}`));
    expect(api.requestsTo("POST", /\/resume$/).map((request) => request.path)).toEqual([
      `/api/batches/${second.jobId}/resume`,
    ]);
  });

  it("after discarding one, the other stays offered", async () => {
    const first = makeIncomplete({ name: "Refund requests" });
    const second = makeIncomplete({ name: "Onboarding questions" });
    const { user, dialog } = await openWith(first, second);
    await user.click(within(dialog).getByRole("button", { name: "Discard…" }));
    await user.click(await screen.findByRole("button", { name: "Discard batch" }));

    await waitFor(() => expect(screen.getByRole("dialog", { name: "Resume your paused batch?" })).toBeInTheDocument());
    expect(screen.getByTestId("resume-batch-details")).toHaveAttribute("data-job-id", second.jobId);
    expect(api.requestsTo("DELETE", /checkpoint$/).map((request) => request.path)).toEqual([
      `/api/batches/${first.jobId}/checkpoint`,
    ]);
  });
});

describe("ResumeDialog modify settings", () => {
  it("shows what changes against the finished items' settings, saves with PATCH, then resumes on the server", async () => {
    const batch = makeIncomplete({
      completed: 12,
      failed: 0,
      total: 30,
      config: { provider: "offline", temperature: 0.7 },
    });
    const { user, dialog } = await openWith(batch);
    await user.click(within(dialog).getByRole("button", { name: "Modify settings" }));

    const form = within(dialog).getByTestId("modify-settings");
    expect(within(form).getByText("Finished items (12) were made with")).toBeInTheDocument();
    expect(within(form).getByText("Nothing changed yet: resuming keeps the same settings.")).toBeInTheDocument();

    const temperature = within(form).getByLabelText(/Temperature/);
    await user.clear(temperature);
    await user.type(temperature, "0.2");
    const row = within(form).getByTestId("diff-temperature");
    expect(row).toHaveAttribute("data-changed", "true");
    expect(row).toHaveTextContent("0.7");
    expect(row).toHaveTextContent("0.2");
    expect(row).toHaveTextContent("Changed");
    expect(within(form).getByTestId("diff-provider")).toHaveAttribute("data-changed", "false");

    await user.click(within(form).getByRole("button", { name: "Save and resume" }));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/batches/${batch.jobId}`));
    const patches = api.requestsTo("PATCH", new RegExp(`/api/batches/${batch.jobId}$`));
    expect(patches.map((request) => request.body)).toEqual([{ config: { provider: "offline", temperature: 0.2 } }]);
    // Saved first, then resumed: the remaining items run with the new settings.
    expect(
      api.requests.filter((request) => request.method !== "GET").map((request) => `${request.method} ${request.path}`),
    ).toEqual([`PATCH /api/batches/${batch.jobId}`, `POST /api/batches/${batch.jobId}/resume`]);
  });

  it("names an invalid field next to it and sends nothing", async () => {
    const { user, dialog } = await openWith(makeIncomplete());
    await user.click(within(dialog).getByRole("button", { name: "Modify settings" }));
    const temperature = within(dialog).getByLabelText(/Temperature/);
    await user.clear(temperature);
    await user.type(temperature, "3");
    await user.click(within(dialog).getByRole("button", { name: "Save and resume" }));

    expect(await within(dialog).findByText("temperature must be between 0 and 1")).toBeInTheDocument();
    expect(temperature).toHaveAttribute("aria-invalid", "true");
    expect(temperature).toHaveAccessibleDescription(/temperature must be between 0 and 1/);
    expect(temperature).toHaveFocus();
    expect(api.requestsTo("PATCH", /.*/)).toEqual([]);
    expect(router.push).not.toHaveBeenCalled();
  });

  it("stays in the form with the server's reason when the batch can no longer change", async () => {
    api.on((request) =>
      request.method === "PATCH"
        ? apiError(409, "ERR_CONFLICT", "This batch is already finished; its settings can no longer change.")
        : undefined,
    );
    const { user, dialog } = await openWith(makeIncomplete());
    await user.click(within(dialog).getByRole("button", { name: "Modify settings" }));
    await user.click(within(dialog).getByRole("button", { name: "Save and resume" }));
    expect(
      await within(dialog).findByText("This batch is already finished; its settings can no longer change."),
    ).toBeInTheDocument();
    expect(router.push).not.toHaveBeenCalled();
  });
});
