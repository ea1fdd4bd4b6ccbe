import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { detectImportFormat } from "@/components/import/detect-format";
import { ImportButton } from "@/components/import/import-button";
import { ImportDialog, type ImportIntent } from "@/components/import/import-dialog";
import { Toaster } from "@/components/notifications/toaster";
import { notificationManager } from "@/components/notifications/notification-manager";
import { FakeXhr } from "./fake-xhr";

const onImported = vi.fn();

beforeEach(() => {
  FakeXhr.reset();
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  router.refresh.mockReset();
  onImported.mockReset();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
  vi.unstubAllGlobals();
});

function Harness({ intent }: { intent: ImportIntent }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <ImportDialog open={open} onOpenChange={setOpen} intent={intent} onImported={onImported} />
      <Toaster />
    </>
  );
}

function setup(intent: ImportIntent = "any") {
  const user = userEvent.setup();
  render(<Harness intent={intent} />);
  const fileInput = () => screen.getByLabelText("File");
  return { user, fileInput, dialog: () => screen.getByRole("dialog") };
}

const backupText = JSON.stringify(
  { version: "1.0", backupId: "bk_1", createdAt: "2026-11-28T12:00:00.000Z", conversations: [] },
  null,
  2,
);
const messagesLine = JSON.stringify({
  messages: [
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello" },
  ],
});
const sharegptLine = JSON.stringify({
  conversations: [
    { from: "human", value: "Hi" },
    { from: "gpt", value: "Hello" },
  ],
});

describe("detectImportFormat", () => {
  it("tells a backup from JSONL, and the JSONL shape from the first line's keys", () => {
    expect(detectImportFormat("bk_1.json", backupText)).toEqual({ kind: "backup" });
    expect(
      detectImportFormat("anything.txt", JSON.stringify({ version: "1.0", backupId: "bk", conversations: [] })),
    ).toEqual({ kind: "backup" });
    expect(detectImportFormat("data.jsonl", `${messagesLine}\n${messagesLine}\n`)).toEqual({
      kind: "jsonl",
      suggested: "messages",
    });
    expect(detectImportFormat("data.jsonl", `${sharegptLine}\n`)).toEqual({ kind: "jsonl", suggested: "sharegpt" });
    // A .json holding JSONL lines is still JSONL.
    expect(detectImportFormat("data.json", `${sharegptLine}\n${sharegptLine}`)).toEqual({
      kind: "jsonl",
      suggested: "sharegpt",
    });
    expect(detectImportFormat("data.jsonl", "not json")).toEqual({ kind: "jsonl", suggested: "messages" });
    expect(detectImportFormat("notes.txt", "hello").kind).toBe("unknown");
  });
});

describe("ImportDialog", () => {
  it("detects a backup file and uploads it with real progress, then says how many came back and refreshes the page", async () => {
    const { user, fileInput, dialog } = setup("backup");
    expect(dialog()).toHaveAccessibleName("Import a backup");
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();
    const file = new File([backupText.padEnd(4096, " ")], "bk_1.json", { type: "application/json" });
    await user.upload(fileInput(), file);
    expect(await screen.findByTestId("import-detected")).toHaveTextContent("Backup file");
    expect(screen.getByTestId("import-detected")).toHaveTextContent("bk_1.json (4.0 KB)");

    await user.click(screen.getByRole("button", { name: "Import" }));
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/imports?format=backup");
    expect(xhr.headers["content-type"]).toBe("application/json");
    expect(xhr.body).toBe(file);

    act(() => xhr.progress(1024, 4096));
    const bar = screen.getByRole("progressbar", { name: "Upload progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("import-bytes")).toHaveTextContent("1.0 KB of 4.0 KB");
    expect(screen.getByRole("button", { name: "Uploading…" })).toBeDisabled();

    act(() => xhr.progress(3072, 4096));
    expect(bar).toHaveAttribute("aria-valuenow", "75");
    expect(screen.getByTestId("import-bytes")).toHaveTextContent("3.0 KB of 4.0 KB");

    act(() => xhr.uploaded(4096));
    expect(screen.getByTestId("import-progress")).toHaveTextContent("Importing…");
    // Indeterminate: no made-up percentage while the server works.
    expect(screen.getByRole("progressbar", { name: "Importing" })).not.toHaveAttribute("aria-valuenow");
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();

    act(() => xhr.respond(200, { format: "backup", imported: 3, skipped: 1 }));
    expect(await screen.findByTestId("import-result")).toHaveTextContent("Imported 3 conversations; 1 already here");
    expect(router.refresh).toHaveBeenCalledTimes(1);
    expect(onImported).toHaveBeenCalledWith({ format: "backup", imported: 3, skipped: 1 });
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("lets the user pick the JSONL line format, defaulting to the one the first line shows", async () => {
    const { user, fileInput } = setup();
    await user.upload(fileInput(), new File([`${sharegptLine}\n${sharegptLine}\n`], "chats.jsonl"));
    const sharegpt = await screen.findByRole("radio", { name: "ShareGPT" });
    expect(sharegpt).toBeChecked();
    expect(screen.getByRole("radio", { name: "Messages" })).not.toBeChecked();
    await user.click(screen.getByRole("radio", { name: "Messages" }));
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(FakeXhr.last().url).toBe("/api/imports?format=messages");
    expect(FakeXhr.last().headers["content-type"]).toBe("application/x-ndjson");
  });

  it("lists the lines the server rejected, imports nothing and offers another file", async () => {
    const { user, fileInput } = setup();
    await user.upload(fileInput(), new File([`${messagesLine}\n{"messages": 1}\n`], "data.jsonl"));
    await screen.findByRole("radio", { name: "Messages" });
    await user.click(screen.getByRole("button", { name: "Import" }));
    act(() => {
      FakeXhr.last().uploaded(100);
      FakeXhr.last().respond(400, {
        error: {
          code: "ERR_VAL_INVALID_INPUT",
          message: "2 lines are not valid.",
          details: {
            lines: [
              { line: 2, message: "messages must be an array" },
              { line: 12, message: "Unexpected end of JSON" },
            ],
          },
        },
      });
    });
    const list = await screen.findByTestId("import-line-errors");
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["Line 2: messages must be an array", "Line 12: Unexpected end of JSON"]);
    expect(screen.getByRole("dialog")).toHaveTextContent("Nothing was imported: 2 lines to fix");
    expect(await screen.findByText("Nothing was imported", { selector: "[data-sonner-toast] *" })).toBeInTheDocument();
    expect(router.refresh).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Choose another file" }));
    expect(screen.getByLabelText("File")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();
  });

  it("shows the server's reason for a refused backup (409) inline and as a toast", async () => {
    const { user, fileInput } = setup("backup");
    await user.upload(fileInput(), new File([backupText], "bk_1.json"));
    await screen.findByTestId("import-detected");
    await user.click(screen.getByRole("button", { name: "Import" }));
    act(() => {
      FakeXhr.last().uploaded(backupText.length);
      FakeXhr.last().respond(409, {
        error: {
          code: "ERR_CONFLICT",
          message: "This backup file was changed after it was downloaded.",
          errorId: "err_1",
        },
      });
    });
    expect(await screen.findByTestId("import-error")).toHaveTextContent(
      "This backup file was changed after it was downloaded.",
    );
    expect(router.refresh).not.toHaveBeenCalled();
  });

  it("reports a broken connection, and Cancel during the upload stops it without an error", async () => {
    const { user, fileInput } = setup();
    await user.upload(fileInput(), new File([messagesLine], "data.jsonl"));
    await screen.findByRole("radio", { name: "Messages" });
    await user.click(screen.getByRole("button", { name: "Import" }));
    act(() => FakeXhr.last().fail());
    expect(await screen.findByTestId("import-error")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Choose another file" }));
    await user.upload(screen.getByLabelText("File"), new File([messagesLine], "data.jsonl"));
    await screen.findByRole("radio", { name: "Messages" });
    await user.click(screen.getByRole("button", { name: "Import" }));
    const xhr = FakeXhr.last();
    act(() => xhr.progress(10, 100));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(xhr.aborted).toBe(true);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("refuses a file it cannot read as either kind", async () => {
    const { fileInput, dialog } = setup();
    // As if chosen with "All files" in the picker, past the accept filter.
    await userEvent.setup({ applyAccept: false }).upload(fileInput(), new File(["hello"], "notes.txt"));
    expect(await within(dialog()).findByRole("alert")).toHaveTextContent(
      "Choose a backup (.json) or a JSONL file (.jsonl).",
    );
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();
  });
});

describe("ImportButton", () => {
  it("opens the dialog and gives focus back to itself when it closes", async () => {
    const user = userEvent.setup();
    render(<ImportButton intent="backup" label="Import a backup" />);
    const opener = screen.getByRole("button", { name: "Import a backup" });
    await user.click(opener);
    expect(screen.getByRole("dialog", { name: "Import a backup" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(opener).toHaveFocus();
  });
});
