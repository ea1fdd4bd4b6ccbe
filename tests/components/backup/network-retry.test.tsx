import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { BackupTable } from "@/components/backup/backup-table";
import { PreDeleteBackup } from "@/components/backup/pre-delete-backup";
import { notificationManager } from "@/components/notifications/notification-manager";
import { Toaster } from "@/components/notifications/toaster";
import type { BackupSummary } from "@/lib/backup/list-backups";
import { apiError, FakeBackupApi, makeConversations, type FakeConversation } from "./fake-backup-api";
import { cutNetwork, loseAnswers } from "./network-failure";

let conversations: FakeConversation[];
let api: FakeBackupApi;
const onDeleted = vi.fn();
const onRestored = vi.fn();

beforeEach(() => {
  conversations = makeConversations(3);
  api = new FakeBackupApi(conversations);
  onDeleted.mockReset();
  onRestored.mockReset();
  router.refresh.mockReset();
});

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

const ids = () => conversations.map((conversation) => conversation.id);
const stillThere = () => ids().every((id) => api.conversations.has(id));

function Harness() {
  const [open, setOpen] = useState(true);
  return (
    <>
      <PreDeleteBackup
        open={open}
        onOpenChange={setOpen}
        conversationIds={ids()}
        client={api.client()}
        onDeleted={onDeleted}
        onRestored={onRestored}
      />
      <Toaster />
    </>
  );
}

function renderDialog() {
  const user = userEvent.setup();
  render(<Harness />);
  return user;
}

/** The failure toast, found by its title. */
async function toast(title: string): Promise<HTMLElement> {
  return (await screen.findByText(title)).closest("li") as HTMLElement;
}

describe("Retry after a network failure", () => {
  it("a backup cut off by the network offers Retry, which reopens the dialog, backs up and reaches the final step", async () => {
    const network = cutNetwork(api, /^\/api\/backup\/create$/);
    const user = renderDialog();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));

    const failure = await toast("Backup failed, so nothing was deleted");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(network.failures()).toBe(1);

    network.reconnect();
    await user.click(within(failure).getByRole("button", { name: "Retry" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    expect(within(final).getByTestId("backup-id")).toHaveTextContent("bk_test_0001");
    expect(api.requestsTo("POST", /^\/api\/backup\/create$/)).toHaveLength(2);
    // The retry backs up; only the final confirmation deletes.
    expect(api.requestsTo("POST", /bulk-delete/)).toHaveLength(0);

    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith(expect.objectContaining({ deleted: 3 })));
    expect(stillThere()).toBe(false);
  });

  it("a delete cut off by the network offers Retry, which deletes with the same backup", async () => {
    const user = renderDialog();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    const network = cutNetwork(api, /^\/api\/conversations\/bulk-delete$/);
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));

    // The request may have reached the server: the toast does not claim nothing was deleted.
    const failure = await toast("The delete could not be confirmed");
    expect(network.failures()).toBe(1);
    expect(stillThere()).toBe(true);
    // Closed, so the toast's Retry is within reach (a modal dialog blocks the rest of the page).
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(onDeleted).not.toHaveBeenCalled();

    network.reconnect();
    await user.click(within(failure).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledOnce());
    expect(api.requestsTo("POST", /^\/api\/conversations\/bulk-delete$/).at(-1)?.body).toEqual({
      ids: ids(),
      backupId: "bk_test_0001",
    });
    expect(stillThere()).toBe(false);
    expect(await screen.findByText("Deleted 3 conversations")).toBeInTheDocument();
  });

  it("a delete whose answer was lost after it went through: Retry finds them gone and reports the delete, with Undo", async () => {
    const user = renderDialog();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    const network = loseAnswers(api, /^\/api\/conversations\/bulk-delete$/);
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));

    const failure = await toast("The delete could not be confirmed");
    expect(stillThere()).toBe(false);
    expect(failure).toHaveTextContent("Backup bk_test_0001 keeps the conversations either way.");

    network.reconnect();
    await user.click(within(failure).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith({ deleted: 3, backup: expect.anything() }));
    const deleted = await toast("Deleted 3 conversations");
    expect(within(deleted).getByRole("button", { name: "Undo" })).toBeInTheDocument();
    expect(screen.queryByText("Nothing was deleted")).not.toBeInTheDocument();
  });

  it("an Undo cut off by the network offers Retry, which restores", async () => {
    const user = renderDialog();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));
    const network = cutNetwork(api, /\/restore$/);
    await user.click(within(await toast("Deleted 3 conversations")).getByRole("button", { name: "Undo" }));

    const failure = await toast("Undo failed: nothing was restored");
    expect(network.failures()).toBeGreaterThan(0);
    expect(stillThere()).toBe(false);

    network.reconnect();
    await user.click(within(failure).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Restored 3 conversations")).toBeInTheDocument();
    expect(stillThere()).toBe(true);
    expect(onRestored).toHaveBeenCalledWith({ restored: 3, skipped: 0 });
  });

  it("a restore from the Backups page cut off by the network offers Retry, which restores", async () => {
    const client = api.client();
    await client.post("/api/backup/create", { conversationIds: ids() });
    await client.post("/api/conversations/bulk-delete", { ids: ids(), backupId: "bk_test_0001" });
    const backup: BackupSummary = {
      id: "5f0c1c1e-0000-4000-8000-000000000001",
      backupId: "bk_test_0001",
      conversationCount: 3,
      sizeBytes: 1536,
      backupReason: "bulk_delete",
      createdAt: "2026-11-28T11:00:00.000Z",
      expiresAt: "2026-12-05T11:30:00.000Z",
    };
    const network = cutNetwork(api, /\/restore$/);
    const user = userEvent.setup();
    render(
      <>
        <BackupTable backups={[backup]} renderedAt={Date.parse("2026-11-28T12:00:00.000Z")} client={api.client()} />
        <Toaster />
      </>,
    );
    await user.click(screen.getByRole("button", { name: "Restore backup bk_test_0001" }));

    const failure = await toast("Restore failed: nothing was restored");
    expect(failure).toHaveTextContent("bk_test_0001");
    expect(router.refresh).not.toHaveBeenCalled();

    network.reconnect();
    await user.click(within(failure).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Restored 3 conversations")).toBeInTheDocument();
    expect(stillThere()).toBe(true);
    expect(router.refresh).toHaveBeenCalledOnce();
  });

  it("a refusal from the server is not offered as a Retry: it would fail the same way", async () => {
    api.on((request) =>
      request.path === "/api/conversations/bulk-delete"
        ? apiError(409, "ERR_CONFLICT", "The backup does not cover every conversation")
        : undefined,
    );
    const user = renderDialog();
    await user.click(screen.getByRole("button", { name: "Back up and continue" }));
    const final = await screen.findByRole("dialog", { name: "Backup ready: delete 3 conversations?" });
    await user.click(within(final).getByRole("button", { name: "Delete 3 conversations" }));

    const failure = await toast("Nothing was deleted");
    expect(within(failure).queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();
    expect(within(failure).getByRole("button", { name: "View details" })).toBeInTheDocument();
  });
});
