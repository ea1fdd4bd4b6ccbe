import { expect, test } from "@playwright/test";
import { ConversationDetailPage } from "./pages/conversation-detail-page";
import { ConversationsPage } from "./pages/conversations-page";
import { HomePage } from "./pages/home-page";
import { BackupsPage } from "./pages/backups-page";
import { BatchesPage } from "./pages/batches-page";
import { collectConsoleErrors } from "./support/console-errors";
import {
  ACTIVE_BACKUP,
  EXPIRED_BACKUP,
  LOCAL_CONVERSATION_COUNT,
  NEWEST_CONVERSATION,
  PAUSED_BATCH,
  TURNS_PER_CONVERSATION,
} from "./support/seed-data";
import { withoutResumeDialog } from "./pages/resume-dialog";

// The seed holds an unfinished batch; its resume dialog is tested in batch-run.spec.ts.
test.beforeEach(({ page }) => withoutResumeDialog(page));

test("the home page renders the user's numbers without console errors", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const home = new HomePage(page);
  await home.goto();

  await expect(page).toHaveTitle("Training Data Studio");
  await expect(home.shell.heading()).toHaveText("Overview");
  await expect(home.conversationCount).toHaveText(String(LOCAL_CONVERSATION_COUNT));
  await expect(home.batchCount).toHaveText("1");
  // The expired backup is not counted.
  await expect(home.backupCount).toHaveText("1");
  await expect(home.shell.header.getByText("Local user")).toBeVisible();
  // Let hydration finish before judging the console.
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("header links lead from conversations to a transcript, backups and batches", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const home = new HomePage(page);
  await home.goto();

  await home.shell.navigateTo("Conversations");
  const list = new ConversationsPage(page);
  await expect(page).toHaveURL("/conversations");
  await expect(list.shell.heading()).toHaveText("Conversations");
  await list.shell.expectCurrentArea("Conversations");
  await expect(list.rows).toHaveCount(20);

  await list.conversationLink(NEWEST_CONVERSATION.title).click();
  const detail = new ConversationDetailPage(page);
  await expect(page).toHaveURL(`/conversations/${NEWEST_CONVERSATION.id}`);
  await expect(detail.shell.heading()).toHaveText(NEWEST_CONVERSATION.title);
  await expect(page).toHaveTitle(`${NEWEST_CONVERSATION.title} · Training Data Studio`);
  await detail.shell.expectCurrentArea("Conversations");
  await expect(detail.turns).toHaveCount(TURNS_PER_CONVERSATION);
  await expect(detail.userTurns).toHaveCount(TURNS_PER_CONVERSATION / 2);
  await expect(detail.assistantTurns).toHaveCount(TURNS_PER_CONVERSATION / 2);
  await expect(detail.turns.first()).toContainText("User");
  await expect(detail.turns.first()).toContainText(NEWEST_CONVERSATION.turns[0]!.content);
  await expect(detail.turns.nth(1)).toContainText("Assistant");

  await detail.shell.navigateTo("Backups");
  const backups = new BackupsPage(page);
  await expect(page).toHaveURL("/backups");
  await expect(backups.shell.heading()).toHaveText("Backups");
  await backups.shell.expectCurrentArea("Backups");
  await expect(page.getByText(/Backups are created before a bulk delete and kept for 7 days/)).toBeVisible();
  await expect(backups.rows).toHaveCount(1);
  await expect(backups.rows.first()).toContainText(ACTIVE_BACKUP.backupId);
  await expect(page.getByText(EXPIRED_BACKUP.backupId)).toHaveCount(0);

  await backups.shell.navigateTo("New batch");
  const batches = new BatchesPage(page);
  await expect(page).toHaveURL("/batches/new");
  await expect(batches.shell.heading()).toHaveText("Batches");
  await batches.shell.expectCurrentArea("New batch");
  await expect(batches.rows).toHaveCount(1);
  await expect(batches.rows.first()).toContainText(PAUSED_BATCH.name);
  await expect(batches.rows.first()).toContainText("Paused");
  // Paused is not running: the header's indicator stays away.
  await expect(batches.shell.runningBatches).toHaveCount(0);
  await expect(batches.rows.first().getByRole("progressbar")).toHaveAttribute(
    "aria-valuenow",
    String(PAUSED_BATCH.completed + PAUSED_BATCH.failed),
  );

  expect(errors).toEqual([]);
});

test("GET /api/health reports the embedded engine", async ({ page }) => {
  const response = await page.request.get("/api/health");
  expect(response.ok()).toBe(true);
  const body: unknown = await response.json();
  expect(body).toMatchObject({ engine: "pglite" });
});

test("Tab reaches the skip link first, and it moves focus to the main content", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await expect(home.shell.heading()).toBeVisible();

  await page.keyboard.press("Tab");
  await expect(home.shell.skipLink).toBeFocused();
  await expect(home.shell.skipLink).toBeVisible();

  await page.keyboard.press("Enter");
  await expect(home.shell.main).toBeFocused();
  // The next Tab continues inside the page, not back in the header.
  await page.keyboard.press("Tab");
  const insideMain = await page.evaluate(
    () => document.querySelector("main")?.contains(document.activeElement) ?? false,
  );
  expect(insideMain).toBe(true);
});
