import { expect, test } from "@playwright/test";
import { ConversationDetailPage } from "./pages/conversation-detail-page";
import { ConversationsPage } from "./pages/conversations-page";
import { FOREIGN_CONVERSATION, LOCAL_CONVERSATION_COUNT, LOCAL_CONVERSATIONS } from "./support/seed-data";
import { withoutResumeDialog } from "./pages/resume-dialog";

// The seed holds an unfinished batch; its resume dialog is tested in batch-run.spec.ts.
test.beforeEach(({ page }) => withoutResumeDialog(page));

test("cursor pagination walks to the last page and back to the first", async ({ page }) => {
  const list = new ConversationsPage(page);
  await list.goto();
  await expect(list.rows).toHaveCount(20);
  await expect(list.firstPage).toHaveCount(0);
  // Newest first.
  await expect(list.rows.first()).toContainText(LOCAL_CONVERSATIONS[0]!.title);

  await list.nextPage.click();
  await expect(page).toHaveURL(/\/conversations\?cursor=/);
  await expect(list.rows).toHaveCount(LOCAL_CONVERSATION_COUNT - 20);
  await expect(list.rows.first()).toContainText(LOCAL_CONVERSATIONS[20]!.title);
  await expect(list.nextPage).toHaveCount(0);

  await list.firstPage.click();
  await expect(page).toHaveURL("/conversations");
  await expect(list.rows.first()).toContainText(LOCAL_CONVERSATIONS[0]!.title);
});

test("a mangled cursor explains itself instead of failing", async ({ page }) => {
  const response = await page.goto("/conversations?cursor=not-a-real-cursor");
  expect(response?.status()).toBeLessThan(500);
  // Scoped to main: Next.js keeps its own (empty) role=alert route announcer in the body.
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This page link no longer works");
  await page.getByRole("link", { name: "Go to the first page" }).click();
  await expect(new ConversationsPage(page).rows).toHaveCount(20);
});

for (const [label, id] of [
  ["another user's conversation", FOREIGN_CONVERSATION.id],
  ["a conversation that does not exist", "9f9f9f9f-0000-4000-8000-000000000000"],
  ["an id that is not a UUID", "not-a-uuid"],
] as const) {
  test(`${label} answers 404, shows "not found" and reveals nothing`, async ({ page }) => {
    const detail = new ConversationDetailPage(page);
    const response = await detail.goto(id);
    // The status matters to crawlers, link checkers and monitoring, not only the text.
    expect(response?.status()).toBe(404);
    await expect(detail.shell.heading()).toHaveText("Page not found");
    await expect(page).toHaveTitle("Page not found · Training Data Studio");
    await expect(page.getByText(FOREIGN_CONVERSATION.title)).toHaveCount(0);
    await expect(detail.turns).toHaveCount(0);
  });
}
