import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { notificationManager } from "@/components/notifications/notification-manager";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PreDeleteBackup } from "@/components/backup/pre-delete-backup";
import { Toaster } from "@/components/notifications/toaster";
import { apiError, deferred, FakeBackupApi, makeConversations, type FakeConversation } from "./fake-backup-api";

let conversations: FakeConversation[];
let api: FakeBackupApi;
const onDeleted = vi.fn();
const onRestored = vi.fn();

beforeEach(() => {
  conversations = makeConversations(5);
  api = new FakeBackupApi(conversations);
  onDeleted.mockReset();
  onRestored.mockReset();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

const selectedIds = () => conversations.slice(0, 3).map((conversation) => conversation.id);

function Harness({ ids }: { ids: string[] }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <PreDeleteBackup
        open={open}
        onOpenChange={setOpen}
        conversationIds={ids}
        client={api.client()}
        onDeleted={onDeleted}
        onRestored={onRestored}
      />
      <Toaster />
    </>
  );
}

function setup(ids = selectedIds()) {
  const user = userEvent.setup();
  render(<Harness ids={ids} />);
  return { user, dialog: () => screen.getByRole("dialog") };
}

function footerButtons(dialog: HTMLElement): string[] {
  const footer = dialog.querySelector('[data-slot="dialog-footer"]');
  if (!footer) throw new Error("no footer");
  return within(footer as HTMLElement)
    .getAllByRole("button")
    .map((button) => button.textContent ?? "");
}

async function toFinalStep(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Back up and continue" }));
  return screen.findByRole("dialog", { name: /Backup ready: delete 3 conversations\?/ });
}

const stillThere = () => selectedIds().every((id) => api.conversations.has(id));

describe("PreDeleteBackup: the steps", () => {
  it("asks first, with the count, the backup on by default and Cancel focused first", () => {
    const { dialog } = setup();
    expect(dialog()).toHaveAccessibleName("Delete 3 conversations?");
    expect(screen.getByRole("checkbox", { name: "Create backup before deleting" })).toBeChecked();
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(footerButtons(dialog())).toEqual(["Cancel", "Back up and continue"]);
    expect(api.requests).toHaveLength(0);
  });

  it("backs up, shows the backup's id, expiry and download, then deletes with that backup and offers Undo", async () => {
    const { user } = setup();
    const pending = deferred();
    api.on((request) => (request.path === "/api/backup/create" ? pending.promise : undefined));

    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    // Backup step: honest progress, no invented percentage.
    const backupDialog = await screen.findByRole("dialog", { name: "Backing up 3 conversations" });
    const bar = within(backupDialog).getByRole("progressbar");
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(backupDialog).not.toHaveTextContent("%");
    expect(within(backupDialog).getByText("Creating backup…")).toBeInTheDocument();
    expect(api.requestsTo("POST", /^\/api\/backup\/create$/)[0]?.body).toEqual({
      conversationIds: selectedIds(),
      reason: "bulk_delete",
    });

    pending.resolve();
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    expect(within(final).getByTestId("backup-id")).toHaveTextContent("bk_test_0001");
    expect(within(final).getByTestId("backup-expiry")).toHaveTextContent("5 Dec 2026, 12:00 UTC");
    const download = within(final).getByRole("link", { name: "Download now" });
    expect(download).toHaveAttribute("href", "/api/backup/download/bk_test_0001");
    expect(download).toHaveAttribute("download", "bk_test_0001.json");
    expect(within(final).getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(footerButtons(final)).toEqual(["Cancel", "Delete 3 conversations"]);
    // Still nothing deleted: only the final confirmation deletes.
    expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);

    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("POST", /^\/api\/conversations\/bulk-delete$/)[0]?.body).toEqual({
      ids: selectedIds(),
      backupId: "bk_test_0001",
    });
    expect(stillThere()).toBe(false);
    expect(onDeleted).toHaveBeenCalledWith(
      expect.objectContaining({ deleted: 3, backup: expect.objectContaining({ backupId: "bk_test_0001" }) }),
    );

    const toastTitle = await screen.findByText("Deleted 3 conversations");
    const deletedToast = toastTitle.closest("li") as HTMLElement;
    expect(deletedToast).toHaveTextContent("Backup bk_test_0001 keeps them until 5 Dec 2026, 12:00 UTC.");
    await user.click(within(deletedToast).getByRole("button", { name: "Undo" }));

    expect(await screen.findByText("Restored 3 conversations")).toBeInTheDocument();
    expect(api.requestsTo("POST", /^\/api\/backup\/bk_test_0001\/restore$/)).toHaveLength(1);
    expect(stillThere()).toBe(true);
    expect(onRestored).toHaveBeenCalledWith({ restored: 3, skipped: 0 });
  });

  it("without a backup, asks again explicitly and then deletes with confirmWithoutBackup", async () => {
    const { user, dialog } = setup();
    await user.click(screen.getByRole("checkbox", { name: "Create backup before deleting" }));
    expect(within(dialog()).getByRole("alert")).toHaveTextContent(
      "Without a backup, deleted conversations cannot be recovered.",
    );
    expect(footerButtons(dialog())).toEqual(["Cancel", "Continue without backup"]);

    await user.click(screen.getByRole("button", { name: "Continue without backup" }));
    const confirm = await screen.findByRole("dialog", { name: "Delete without a backup?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(footerButtons(confirm)).toEqual(["Cancel", "Delete without backup"]);
    expect(api.requests).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Delete without backup" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("POST", /^\/api\/backup\/create$/)).toHaveLength(0);
    expect(api.requestsTo("POST", /bulk-delete$/)[0]?.body).toEqual({ ids: selectedIds(), confirmWithoutBackup: true });
    expect(await screen.findByText("Deleted 3 conversations")).toBeInTheDocument();
    expect(screen.getByText("No backup was made.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("starts over at the first step, backup on, when opened again", async () => {
    const user = userEvent.setup();
    function Reopen() {
      const [open, setOpen] = useState(true);
      return (
        <>
          <button onClick={() => setOpen(true)}>Open again</button>
          <PreDeleteBackup open={open} onOpenChange={setOpen} conversationIds={selectedIds()} client={api.client()} />
        </>
      );
    }
    render(<Reopen />);
    await user.click(screen.getByRole("checkbox", { name: "Create backup before deleting" }));
    await user.click(screen.getByRole("button", { name: "Continue without backup" }));
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Open again" }));
    expect(await screen.findByRole("dialog", { name: "Delete 3 conversations?" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Create backup before deleting" })).toBeChecked();
  });
});

describe("PreDeleteBackup: cancel at any step deletes nothing", () => {
  const steps = {
    confirm: async () => undefined,
    "confirm without backup": async (user: ReturnType<typeof userEvent.setup>) => {
      await user.click(screen.getByRole("checkbox", { name: "Create backup before deleting" }));
      await user.click(screen.getByRole("button", { name: "Continue without backup" }));
      await screen.findByRole("dialog", { name: "Delete without a backup?" });
    },
    "backup in progress": async (user: ReturnType<typeof userEvent.setup>) => {
      api.on((request) => (request.path === "/api/backup/create" ? deferred().promise : undefined));
      await user.click(screen.getByRole("button", { name: "Back up and continue" }));
      await screen.findByRole("dialog", { name: "Backing up 3 conversations" });
    },
    "final confirmation": async (user: ReturnType<typeof userEvent.setup>) => {
      await toFinalStep(user);
    },
  };

  for (const [name, reach] of Object.entries(steps)) {
    for (const how of ["Cancel", "Escape"] as const) {
      it(`${how} at "${name}"`, async () => {
        const { user } = setup();
        await reach(user);
        if (how === "Cancel") await user.click(screen.getByRole("button", { name: "Cancel" }));
        else await user.keyboard("{Escape}");
        await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
        expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);
        expect(stillThere()).toBe(true);
        expect(onDeleted).not.toHaveBeenCalled();
        // Walking away is not a failure: no error toast.
        expect(screen.queryByText(/failed/i)).not.toBeInTheDocument();
      });
    }
  }

  it("a backup that finishes after Cancel does not bring the dialog back", async () => {
    const { user } = setup();
    const pending = deferred();
    api.on((request) => (request.path === "/api/backup/create" ? pending.promise : undefined));
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    await screen.findByRole("dialog", { name: "Backing up 3 conversations" });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await act(async () => pending.resolve());
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);
  });
});

describe("PreDeleteBackup: failures", () => {
  it("a failed backup cancels the delete and says why, with the error id", async () => {
    api.on((request) =>
      request.path === "/api/backup/create"
        ? apiError(500, "ERR_DB_QUERY", "The database could not complete the request.", { errorId: "err_backup_123" })
        : undefined,
    );
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));

    const title = await screen.findByText("Backup failed, so nothing was deleted");
    const errorToast = title.closest("li") as HTMLElement;
    expect(errorToast).toHaveTextContent("err_backup_123");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);
    expect(stillThere()).toBe(true);
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("a refused delete keeps the dialog open at the final step and says nothing was deleted", async () => {
    api.on((request) =>
      request.path === "/api/conversations/bulk-delete"
        ? apiError(409, "ERR_CONFLICT", "The backup could not be verified, so nothing was deleted.")
        : undefined,
    );
    const { user } = setup();
    const final = await toFinalStep(user);
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));

    const title = await screen.findByText("Nothing was deleted");
    expect(title.closest("li")).toHaveTextContent("The backup could not be verified");
    expect(screen.getByRole("dialog", { name: "Backup ready: delete 3 conversations?" })).toBeInTheDocument();
    expect(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete 3 conversations" })).toBeEnabled();
    expect(stillThere()).toBe(true);
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("a failed Undo says nothing was restored and points to the Backups page", async () => {
    api.on((request) =>
      /\/restore$/.test(request.path) ? apiError(410, "ERR_GONE", "This backup has expired.") : undefined,
    );
    const { user } = setup();
    const final = await toFinalStep(user);
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));
    const deletedToast = (await screen.findByText("Deleted 3 conversations")).closest("li") as HTMLElement;
    await user.click(within(deletedToast).getByRole("button", { name: "Undo" }));

    const failure = (await screen.findByText("Undo failed: nothing was restored")).closest("li") as HTMLElement;
    expect(failure).toHaveTextContent("Backup bk_test_0001 is still listed on the Backups page.");
    expect(onRestored).not.toHaveBeenCalled();
  });
});
