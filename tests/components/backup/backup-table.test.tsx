import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notificationManager } from "@/components/notifications/notification-manager";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { BackupProgress } from "@/components/backup/backup-progress";
import { BackupTable } from "@/components/backup/backup-table";
import { formatTimeLeft } from "@/components/backup/time-left";
import { Toaster } from "@/components/notifications/toaster";
import type { BackupSummary } from "@/lib/backup/list-backups";
import { apiError, FakeBackupApi, makeConversations } from "./fake-backup-api";

afterEach(() => {
  act(() => notificationManager.dismissAll());
});

const renderedAt = Date.parse("2026-11-28T12:00:00.000Z");
const backup: BackupSummary = {
  id: "5f0c1c1e-0000-4000-8000-000000000001",
  backupId: "bk_test_0001",
  conversationCount: 3,
  sizeBytes: 1536,
  backupReason: "bulk_delete",
  createdAt: "2026-11-28T11:00:00.000Z",
  // 6 days 23 hours 30 minutes after the render.
  expiresAt: "2026-12-05T11:30:00.000Z",
};

let api: FakeBackupApi;

beforeEach(() => {
  const conversations = makeConversations(3);
  api = new FakeBackupApi(conversations);
  router.refresh.mockReset();
});

/** A backup the fake server knows, holding 3 conversations of which `deleted` are gone. */
async function seedBackup(deleted: number): Promise<void> {
  const ids = [...api.conversations.keys()];
  const client = api.client();
  await client.post("/api/backup/create", { conversationIds: ids });
  await client.post("/api/conversations/bulk-delete", { ids: ids.slice(0, deleted), backupId: "bk_test_0001" });
  api.requests.length = 0;
}

function renderTable() {
  const user = userEvent.setup();
  render(
    <>
      <BackupTable backups={[backup]} renderedAt={renderedAt} client={api.client()} />
      <Toaster />
    </>,
  );
  return { user, row: screen.getByTestId("backup-row") };
}

describe("BackupTable", () => {
  it("shows what the backup holds, why, its size and the time it has left", () => {
    const { row } = renderTable();
    expect(row).toHaveTextContent("bk_test_0001");
    expect(row).toHaveTextContent("Bulk delete");
    expect(row).toHaveTextContent("1.5 KB");
    expect(within(row).getByTestId("backup-time-left")).toHaveTextContent("expires in 6 d 23 h");
    expect(row).toHaveTextContent("5 Dec 2026, 11:30 UTC");
  });

  it("downloads through the download route, named after the backup", () => {
    const { row } = renderTable();
    const link = within(row).getByRole("link", { name: "Download backup bk_test_0001" });
    expect(link).toHaveAttribute("href", "/api/backup/download/bk_test_0001");
    expect(link).toHaveAttribute("download", "bk_test_0001.json");
  });

  it("restores and says how many came back and how many were already there", async () => {
    await seedBackup(2);
    const { user, row } = renderTable();
    await user.click(within(row).getByRole("button", { name: "Restore backup bk_test_0001" }));
    const title = await screen.findByText("Restored 2 conversations");
    expect(title.closest("li")).toHaveTextContent("1 conversation from backup bk_test_0001 already existed");
    expect(api.requestsTo("POST", /^\/api\/backup\/bk_test_0001\/restore$/)).toHaveLength(1);
    expect(api.conversations.size).toBe(3);
    expect(router.refresh).toHaveBeenCalled();
  });

  it("a failed restore says so, with the reason", async () => {
    api.on((request) =>
      /\/restore$/.test(request.path) ? apiError(410, "ERR_GONE", "This backup has expired.") : undefined,
    );
    const { user, row } = renderTable();
    await user.click(within(row).getByRole("button", { name: "Restore backup bk_test_0001" }));
    const title = await screen.findByText("Restore failed: nothing was restored");
    expect(title.closest("li")).toHaveTextContent("bk_test_0001");
    expect(router.refresh).not.toHaveBeenCalled();
  });
});

describe("formatTimeLeft", () => {
  const now = Date.parse("2026-11-28T12:00:00.000Z");
  it.each([
    ["2026-12-05T11:59:59.000Z", "expires in 6 d 23 h"],
    ["2026-12-05T12:00:00.000Z", "expires in 7 d 0 h"],
    ["2026-11-28T17:45:00.000Z", "expires in 5 h 45 min"],
    ["2026-11-28T12:09:30.000Z", "expires in 9 min"],
    ["2026-11-28T12:00:30.000Z", "expires in less than a minute"],
    ["2026-11-28T12:00:00.000Z", "expired"],
    ["2026-11-27T12:00:00.000Z", "expired"],
    ["not a date", "expiry unknown"],
  ])("%s -> %s", (expiresAt, expected) => {
    expect(formatTimeLeft(expiresAt, now)).toBe(expected);
  });
});

describe("BackupProgress", () => {
  it("is indeterminate while the backup runs: no percentage shown or announced", () => {
    render(<BackupProgress state={{ status: "running", conversationCount: 3 }} />);
    const bar = screen.getByRole("progressbar", { name: "Creating backup…" });
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(screen.getByTestId("backup-progress")).not.toHaveTextContent("%");
    expect(screen.getByRole("status")).toHaveTextContent("Creating backup…");
  });

  it("is full and names the backup once the server has written it", () => {
    render(<BackupProgress state={{ status: "complete", conversationCount: 3, backupId: "bk_test_0001" }} />);
    expect(screen.getByRole("progressbar", { name: "Backup complete" })).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByTestId("backup-progress")).toHaveTextContent(
      "3 conversations and all their turns are saved in backup bk_test_0001.",
    );
  });
});
