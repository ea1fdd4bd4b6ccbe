import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { BulkDeleteObject } from "./pages/bulk-delete";
import { ConversationsPage } from "./pages/conversations-page";
import { withoutResumeDialog } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";

/*
 * Bulk delete with a backup, end to end: select 3 conversations, back them up, download the
 * file, delete them, and Undo. It creates a backup (other specs count the seeded ones), so it
 * runs in its own Playwright project after them; Undo puts the conversations back.
 */
test.beforeEach(({ page }) => withoutResumeDialog(page));

interface Turn {
  id: string;
  turnIndex: number;
  role: string;
  content: string;
}

interface Conversation {
  id: string;
  title: string;
  turns: Turn[];
}

async function fetchConversation(request: APIRequestContext, id: string): Promise<Conversation> {
  const response = await request.get(`/api/conversations/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Conversation;
}

const essentials = (conversation: Conversation) => ({
  id: conversation.id,
  title: conversation.title,
  turns: conversation.turns.map(({ id, turnIndex, role, content }) => ({ id, turnIndex, role, content })),
});

test("select 3, back up, download, delete, then Undo brings them back", async ({ page }) => {
  test.setTimeout(60_000);
  const list = new ConversationsPage(page);
  const bulk = new BulkDeleteObject(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();

  // Whatever the first three rows are (another project may have generated conversations first).
  const links = list.rows.getByRole("link");
  const ids: string[] = [];
  const titles: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const link = links.nth(i);
    ids.push((await link.getAttribute("href"))!.replace("/conversations/", ""));
    titles.push((await link.textContent())!.trim());
  }
  const expected = await Promise.all(ids.map((id) => fetchConversation(page.request, id)));
  expect(expected.every((conversation) => conversation.turns.length > 0)).toBe(true);

  // Click the first, Shift+click the third: a range of three.
  await bulk.rowCheckbox(titles[0]!).click();
  await bulk.rowCheckbox(titles[2]!).click({ modifiers: ["Shift"] });
  await expect(bulk.selectionCount).toHaveText("3 selected");

  // Step 1, then "without backup"'s own confirmation: both pass axe; cancelling deletes nothing.
  await bulk.deleteSelected.click();
  await expect(bulk.dialog).toBeVisible();
  await expect(bulk.createBackup).toBeChecked();
  await expect(bulk.cancel).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);
  await bulk.createBackup.click();
  await bulk.continueWithoutBackup.click();
  await expect(bulk.dialog.getByRole("heading", { name: "Delete without a backup?" })).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(bulk.dialog).toHaveCount(0);
  await expect(bulk.selectionCount).toHaveText("3 selected");
  for (const title of titles) await expect(list.conversationLink(title)).toBeVisible();

  // With the backup.
  await bulk.deleteSelected.click();
  await bulk.backUpAndContinue.click();
  await expect(bulk.confirmDelete(3)).toBeVisible();
  await expect(bulk.cancel).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);
  const backupId = (await bulk.backupId.textContent())!.trim();

  const [download] = await Promise.all([page.waitForEvent("download"), bulk.downloadNow.click()]);
  expect(download.suggestedFilename()).toBe(`${backupId}.json`);
  const file = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    version: string;
    backupId: string;
    backupReason: string;
    conversations: Conversation[];
  };
  expect(file.version).toBe("1.0");
  expect(file.backupId).toBe(backupId);
  expect(file.conversations.map(essentials).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    expected.map(essentials).sort((a, b) => a.id.localeCompare(b.id)),
  );

  await bulk.confirmDelete(3).click();
  await expect(bulk.dialog).toHaveCount(0);
  const deleted = bulk.toast("Deleted 3 conversations");
  await expect(deleted).toContainText(backupId);
  for (const title of titles) await expect(list.conversationLink(title)).toHaveCount(0);
  for (const id of ids) expect((await page.request.get(`/api/conversations/${id}`)).status()).toBe(404);

  await deleted.getByRole("button", { name: "Undo" }).click();
  await expect(bulk.toast("Restored 3 conversations")).toBeVisible();
  for (const title of titles) await expect(list.conversationLink(title)).toBeVisible();
  const restored = await Promise.all(ids.map((id) => fetchConversation(page.request, id)));
  expect(restored.map(essentials)).toEqual(expected.map(essentials));
});
