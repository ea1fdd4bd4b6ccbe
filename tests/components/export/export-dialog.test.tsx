import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExportDialog } from "@/components/export/export-dialog";
import { Toaster } from "@/components/notifications/toaster";
import type { ExportRequest, ExportSelection } from "@/lib/export/types";
import { notificationManager } from "@/components/notifications/notification-manager";
import { apiError, deferred, FakeExportApi, json } from "./fake-export-api";

// Radix's checkbox measures itself inside a <form> (its hidden bubble input); jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
vi.stubGlobal("ResizeObserver", NoopResizeObserver);

let api: FakeExportApi;
const download = vi.fn();

beforeEach(() => {
  api = new FakeExportApi();
  download.mockReset();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

function Harness({ selection }: { selection: ExportSelection }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <ExportDialog
        open={open}
        onOpenChange={setOpen}
        selection={selection}
        subject="all your conversations"
        client={api.client()}
        download={download}
      />
      <Toaster />
    </>
  );
}

function setup(selection: ExportSelection = { kind: "all" }) {
  const user = userEvent.setup();
  render(<Harness selection={selection} />);
  const dialog = () => screen.getByRole("dialog", { name: "Export for fine-tuning" });
  return { user, dialog };
}

const previews = () => api.requestsTo("POST", "/api/exports/preview").map((request) => request.body as ExportRequest);
const creates = () => api.requestsTo("POST", "/api/exports").map((request) => request.body as ExportRequest);

async function check(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Check" }));
  return screen.findByTestId("export-review");
}

describe("ExportDialog: the fields", () => {
  it("offers the three formats, messages by default, each saying which trainers read it", () => {
    const { dialog } = setup();
    expect(dialog()).toHaveTextContent("Exports all your conversations");
    const messages = screen.getByRole("radio", { name: "Messages (chat JSONL)" });
    expect(messages).toBeChecked();
    expect(messages).toHaveAccessibleDescription(/OpenAI, Together, Mistral/);
    expect(screen.getByRole("radio", { name: "ShareGPT" })).toHaveAccessibleDescription(/Axolotl/);
    expect(screen.getByRole("radio", { name: "Alpaca" })).toHaveAccessibleDescription(
      /multi-turn conversations are skipped/,
    );
    expect(screen.getByRole("textbox", { name: /System prompt/ })).toHaveAttribute("maxLength", "4000");
    expect(screen.getByRole("checkbox", { name: "Hold out a validation set" })).not.toBeChecked();
  });

  it("shows the split's percent (10) and seed (42) only when asked, and refuses values out of range", async () => {
    const { user } = setup();
    expect(screen.queryByRole("spinbutton", { name: "Validation share (%)" })).toBeNull();
    await user.click(screen.getByRole("checkbox", { name: "Hold out a validation set" }));
    const percent = screen.getByRole("spinbutton", { name: "Validation share (%)" });
    const seed = screen.getByRole("spinbutton", { name: "Seed" });
    expect(percent).toHaveValue(10);
    expect(seed).toHaveValue(42);

    await user.clear(percent);
    await user.type(percent, "60");
    await user.clear(seed);
    await user.click(screen.getByRole("button", { name: "Check" }));

    expect(screen.getByTestId("export-split-percent-error")).toHaveTextContent("Enter a whole number from 1 to 50.");
    expect(screen.getByTestId("export-split-seed-error")).toHaveTextContent(/Enter a whole number/);
    expect(percent).toHaveAttribute("aria-invalid", "true");
    expect(percent).toHaveAccessibleDescription(/Enter a whole number from 1 to 50/);
    await waitFor(() => expect(percent).toHaveFocus());
    expect(previews()).toHaveLength(0);

    await user.clear(percent);
    await user.type(percent, "0");
    await user.type(seed, "7");
    await user.click(screen.getByRole("button", { name: "Check" }));
    expect(screen.getByTestId("export-split-percent-error")).toBeInTheDocument();
    expect(screen.queryByTestId("export-split-seed-error")).toBeNull();
    expect(previews()).toHaveLength(0);

    await user.clear(percent);
    await user.type(percent, "20");
    await check(user);
    expect(previews()[0]?.options).toEqual({
      format: "messages",
      excludeProblems: false,
      validationPercent: 20,
      seed: 7,
    });
    expect(screen.getByTestId("export-split-counts")).toHaveTextContent("8 / 2");
  });
});

describe("ExportDialog: the pre-flight check", () => {
  it("sends the selection and options, then shows the counts, turns, tokens and each problem with its conversation", async () => {
    const ids = api.conversations.slice(2, 6).map((conversation) => conversation.id);
    const { user } = setup({ kind: "ids", ids });
    await user.type(screen.getByRole("textbox", { name: /System prompt/ }), "Be kind.");
    const review = await check(user);

    expect(previews()).toEqual([
      {
        selection: { kind: "ids", ids },
        options: { format: "messages", systemPrompt: "Be kind.", excludeProblems: false },
      },
    ]);
    expect(within(review).getByTestId("export-examples")).toHaveTextContent("4");
    expect(within(review).getByTestId("export-turns")).toHaveTextContent("3 / 3 / 3");
    expect(within(review).getByTestId("export-tokens")).toHaveTextContent("480");
    expect(within(review).getByTestId("export-split-counts")).toHaveTextContent("None");
    expect(review).toHaveTextContent("From 4 conversations selected.");

    expect(screen.getByRole("heading", { name: /2 problems found/ })).toBeInTheDocument();
    const problems = within(screen.getByTestId("export-problems")).getAllByTestId("export-problem");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toHaveTextContent("Empty turn");
    expect(problems[0]).toHaveTextContent("Turn 2 is empty.");
    expect(within(problems[0]!).getByRole("link", { name: "Support chat 4" })).toHaveAttribute(
      "href",
      `/conversations/${api.conversations[3]!.id}`,
    );
    expect(problems[1]).toHaveTextContent("Duplicate");
    expect(within(problems[1]!).getByRole("link", { name: "Support chat 5" })).toHaveAttribute(
      "href",
      `/conversations/${api.conversations[4]!.id}`,
    );
    // The review's heading takes focus: the Check button it replaced is gone.
    expect(screen.getByRole("heading", { name: "Pre-flight check" })).toHaveFocus();
  });

  it("re-runs the check when the user leaves out the conversations with problems, and downloads without them", async () => {
    const { user } = setup();
    await check(user);
    expect(screen.getByTestId("export-examples")).toHaveTextContent("10");

    await user.click(screen.getByRole("checkbox", { name: "Leave out conversations with problems" }));
    await waitFor(() => expect(screen.getByTestId("export-examples")).toHaveTextContent("8"));
    expect(previews().map((request) => request.options.excludeProblems)).toEqual([false, true]);
    expect(screen.getByRole("checkbox", { name: "Leave out conversations with problems" })).toBeChecked();

    await user.click(screen.getByRole("button", { name: "Download" }));
    await waitFor(() =>
      expect(download).toHaveBeenCalledWith(
        "/api/exports/3f6c2a52-7d1e-4b7a-9c0e-5a1d2b3c4d5e/download",
        "training-data.jsonl",
      ),
    );
    expect(creates()).toEqual([{ selection: { kind: "all" }, options: { format: "messages", excludeProblems: true } }]);
  });

  it("drops a check's late answer once the user has gone back to the fields", async () => {
    const { user } = setup();
    await check(user);
    const slow = deferred<Response>();
    api.on((request) => (request.path === "/api/exports/preview" ? slow.promise : undefined));
    const toggle = screen.getByRole("checkbox", { name: "Leave out conversations with problems" });
    await user.click(toggle);
    await waitFor(() => expect(previews()).toHaveLength(2));
    // While the check runs the toggle and Download wait for its answer.
    expect(toggle).toBeDisabled();
    expect(screen.getByRole("button", { name: "Download" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByRole("button", { name: "Check" })).toBeEnabled();

    const late = api.preview({ selection: { kind: "all" }, options: { format: "messages", excludeProblems: true } });
    await act(async () => slow.resolve(json({ ...late, examples: 99 })));
    expect(screen.queryByTestId("export-review")).toBeNull();
    expect(screen.getByRole("dialog")).toHaveAttribute("data-step", "options");
  });

  it("lists alpaca's multi-turn skips apart from the problems", async () => {
    const { user } = setup();
    await user.click(screen.getByRole("radio", { name: "Alpaca" }));
    await check(user);
    expect(screen.getByTestId("export-examples")).toHaveTextContent("8");
    expect(
      screen.getByRole("heading", { name: /Skipped: alpaca holds single-turn conversations only/ }),
    ).toBeInTheDocument();
    const skips = within(screen.getByTestId("export-skips")).getAllByTestId("export-problem");
    expect(skips.map((skip) => skip.textContent)).toEqual([
      "Multi-turnSupport chat 16 turns.",
      "Multi-turnSupport chat 26 turns.",
    ]);
    expect(within(screen.getByTestId("export-problems")).getAllByTestId("export-problem")).toHaveLength(2);
  });

  it("says so when there are no problems", async () => {
    api = new FakeExportApi(new FakeExportApi().conversations.map(({ problem: _problem, ...rest }) => rest));
    const { user } = setup();
    await check(user);
    expect(screen.getByText("No problems found")).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: "Leave out conversations with problems" })).toBeNull();
  });

  it("shows a failed check inline and as a toast, and stays on the fields", async () => {
    api.on((request) =>
      request.path === "/api/exports/preview"
        ? apiError(400, "ERR_API_BAD_REQUEST", "Pick at least one conversation.")
        : undefined,
    );
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Check" }));
    expect(await screen.findByTestId("export-failure")).toHaveTextContent(
      "The check did not run: Pick at least one conversation.",
    );
    expect(await screen.findByText("The check did not run", { selector: "[data-sonner-toast] *" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check" })).toBeEnabled();
    expect(screen.queryByTestId("export-review")).toBeNull();
  });
});

describe("ExportDialog: the download", () => {
  it("prepares the file with the split and hands its link to the browser, then closes", async () => {
    const { user } = setup({ kind: "batch", batchId: "40000000-0000-4000-8000-000000000001" });
    await user.click(screen.getByRole("radio", { name: "ShareGPT" }));
    await user.click(screen.getByRole("checkbox", { name: "Hold out a validation set" }));
    await check(user);
    expect(screen.getByTestId("export-split-counts")).toHaveTextContent("9 / 1");

    const held = deferred<Response>();
    api.on((request) => (request.path === "/api/exports" ? held.promise : undefined));
    await user.click(screen.getByRole("button", { name: "Download" }));
    expect(await screen.findByRole("button", { name: "Preparing…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();
    held.resolve(
      json(
        {
          exportId: "exp_1",
          downloadUrl: "/api/exports/exp_1/download",
          fileName: "batch.zip",
          expiresAt: "2026-11-28T13:00:00.000Z",
        },
        201,
      ),
    );

    await waitFor(() => expect(download).toHaveBeenCalledWith("/api/exports/exp_1/download", "batch.zip"));
    expect(creates()).toEqual([
      {
        selection: { kind: "batch", batchId: "40000000-0000-4000-8000-000000000001" },
        options: { format: "sharegpt", excludeProblems: false, validationPercent: 10, seed: 42 },
      },
    ]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await screen.findByText("Downloading batch.zip")).toBeInTheDocument();
  });

  it("keeps the dialog open with the reason when the export cannot be created", async () => {
    api.on((request) =>
      request.path === "/api/exports" ? apiError(429, "ERR_API_RATE_LIMIT", "Too many exports.") : undefined,
    );
    const { user } = setup();
    await check(user);
    await user.click(screen.getByRole("button", { name: "Download" }));
    expect(await screen.findByTestId("export-failure")).toHaveTextContent("The export was not created");
    expect(download).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download" })).toBeEnabled();
  });

  it("goes back to the fields, keeping them, and Cancel closes without a request to create", async () => {
    const { user } = setup();
    await user.type(screen.getByRole("textbox", { name: /System prompt/ }), "Hi");
    await check(user);
    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByRole("textbox", { name: /System prompt/ })).toHaveValue("Hi");
    expect(screen.getByRole("radio", { name: "Messages (chat JSONL)" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(creates()).toHaveLength(0);
  });
});
