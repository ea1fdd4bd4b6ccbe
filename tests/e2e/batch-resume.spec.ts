import { expect, test, type APIRequestContext, type Route } from "@playwright/test";
import { BatchPage } from "./pages/batch-page";
import { BatchWizardPage } from "./pages/batch-wizard-page";
import { ResumeDialogObject } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";
import { collectConsoleErrors } from "./support/console-errors";
import { PAUSED_BATCH } from "./support/seed-data";

/*
 * A batch that survives a reload. The server generates with GENERATION_LATENCY_MS (see
 * playwright.config.ts), so a 30-item batch takes a few seconds at three in flight.
 *
 * To reload at a known point, the browser lets the first ITEMS_BEFORE_RELOAD generate calls
 * through and holds the rest: the server then holds exactly that many conversations, nothing
 * is running, and the resume dialog's counts can be checked exactly.
 */
const TOTAL = 30;
const ITEMS_BEFORE_RELOAD = 8;
const BATCH_NAME = "E2E resume after reload";

interface BatchItemView {
  id: string;
  status: string;
  conversationId: string | null;
}

interface BatchView {
  job: { id: string; status: string; totalItems: number };
  progress: { completedItems: number; failedItems: number; pendingItems: number };
  items: BatchItemView[];
}

async function getBatch(request: APIRequestContext, jobId: string): Promise<BatchView> {
  const response = await request.get(`/api/batches/${jobId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as BatchView;
}

/** Every conversation of the (local) user, following the cursor. */
async function countConversations(request: APIRequestContext): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const response = await request.get("/api/conversations", { params: { limit: 100, ...(cursor ? { cursor } : {}) } });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

test.describe.configure({ mode: "serial" });

test("a 30-item batch survives a reload: resume finishes it with 30 conversations, none twice", async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  const wizard = new BatchWizardPage(page);
  const resumeDialog = new ResumeDialogObject(page);
  const conversationsBefore = await countConversations(page.request);

  await wizard.goto();
  // The seeded paused batch is offered first; Escape keeps it for later.
  await expect(resumeDialog.dialog).toBeVisible();
  await expect(resumeDialog.dialog).toContainText(PAUSED_BATCH.name);
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(resumeDialog.dialog).toBeHidden();

  await wizard.name.fill(BATCH_NAME);
  await wizard.topics.fill(Array.from({ length: TOTAL }, (_, i) => `E2E topic ${String(i + 1).padStart(2, "0")}: a late delivery`).join("\n"));
  await wizard.persona.fill("small business owner");
  await wizard.turns.fill("4");
  expect(await blockingViolations(page)).toEqual([]);
  await wizard.previewButton.click();
  await expect(wizard.previewItems).toHaveCount(TOTAL);
  expect(await blockingViolations(page)).toEqual([]);

  let letThrough = ITEMS_BEFORE_RELOAD;
  const held: Route[] = [];
  await page.route("**/api/batches/*/items/*/generate", async (route) => {
    if (letThrough > 0) {
      letThrough -= 1;
      await route.continue();
    } else {
      held.push(route);
    }
  });
  const created = page.waitForResponse((response) => response.url().endsWith("/api/batches") && response.request().method() === "POST");
  await wizard.startButton(TOTAL).click();
  const { jobId } = (await (await created).json()) as { jobId: string };

  // Midway: the first items are saved, the next ones are stuck in the browser.
  await expect(wizard.completed).toHaveText(String(ITEMS_BEFORE_RELOAD));
  await expect.poll(() => held.length).toBeGreaterThan(0);
  expect(await blockingViolations(page)).toEqual([]);

  await page.reload();
  await page.unrouteAll({ behavior: "ignoreErrors" });

  // The dialog offers this batch (the seeded one was dismissed in this tab) with the server's counts.
  await expect(resumeDialog.dialog).toBeVisible();
  await resumeDialog.choose(BATCH_NAME);
  await expect(resumeDialog.details).toHaveAttribute("data-job-id", jobId);
  await expect(resumeDialog.completed).toHaveText(String(ITEMS_BEFORE_RELOAD));
  await expect(resumeDialog.failed).toHaveText("0");
  await expect(resumeDialog.pending).toHaveText(String(TOTAL - ITEMS_BEFORE_RELOAD));
  await expect(resumeDialog.progress).toHaveAttribute("aria-valuenow", String(ITEMS_BEFORE_RELOAD));
  const before = await getBatch(page.request, jobId);
  expect(before.progress).toMatchObject({ completedItems: ITEMS_BEFORE_RELOAD, failedItems: 0, pendingItems: TOTAL - ITEMS_BEFORE_RELOAD });
  expect(await blockingViolations(page)).toEqual([]);

  // Its other two views pass axe too; leaving them changes nothing.
  await resumeDialog.dialog.getByRole("button", { name: "Modify settings" }).click();
  await expect(resumeDialog.dialog.getByTestId("config-diff")).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await resumeDialog.dialog.getByRole("button", { name: "Back" }).click();
  await resumeDialog.dialog.getByRole("button", { name: "Discard…" }).click();
  const confirmation = page.getByTestId("discard-confirmation");
  await expect(confirmation.getByRole("button", { name: "Cancel" })).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(confirmation).toBeHidden();
  await expect(resumeDialog.dialog).toBeVisible();

  // Focus stays inside the dialog.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await resumeDialog.dialog.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }

  await resumeDialog.resume.click();
  await expect(page).toHaveURL(`/batches/${jobId}`);
  const batchPage = new BatchPage(page);
  await expect(batchPage.summaryStep).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(`All ${TOTAL} conversations are ready`)).toBeVisible();
  await expect(batchPage.completed).toHaveText(String(TOTAL));
  await expect(batchPage.failed).toHaveText("0");
  await expect(batchPage.pending).toHaveText("0");
  await expect(batchPage.completedLinks).toHaveCount(TOTAL);
  expect(await blockingViolations(page)).toEqual([]);

  // The server agrees: every item completed once, one distinct conversation each, and no extra ones.
  const after = await getBatch(page.request, jobId);
  expect(after.job.status).toBe("completed");
  expect(after.items.filter((item) => item.status === "completed")).toHaveLength(TOTAL);
  const conversationIds = after.items.map((item) => item.conversationId);
  expect(new Set(conversationIds).size).toBe(TOTAL);
  expect(conversationIds.every((id) => typeof id === "string")).toBe(true);
  expect(await countConversations(page.request)).toBe(conversationsBefore + TOTAL);

  // Finished: its checkpoint is gone and it is no longer offered for resuming.
  expect((await page.request.get(`/api/batches/${jobId}/checkpoint`)).status()).toBe(404);
  const open = (await (await page.request.get("/api/checkpoints")).json()) as { checkpoints: { jobId: string }[] };
  expect(open.checkpoints.map((entry) => entry.jobId)).not.toContain(jobId);
  expect(errors).toEqual([]);
});
