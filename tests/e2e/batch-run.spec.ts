import { expect, test, type APIRequestContext } from "@playwright/test";
import { BatchPage } from "./pages/batch-page";
import { BatchWizardPage } from "./pages/batch-wizard-page";
import { ResumeDialogObject } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";
import { collectConsoleErrors } from "./support/console-errors";
import { PAUSED_BATCH } from "./support/seed-data";

/*
 * A batch finishes with no tab open (issue 8). The server's own workers generate it: the
 * offline generator takes GENERATION_LATENCY_MS (see playwright.config.ts) per item at three
 * in flight, so this 30-item batch runs for about ten seconds, long enough to close its page,
 * come back, pause it and resume it.
 */
const TOTAL = 30;
const BATCH_NAME = "E2E server-run batch";

interface BatchView {
  job: { id: string; status: string; displayStatus: string; totalItems: number };
  progress: { completedItems: number; failedItems: number; pendingItems: number };
  items: { id: string; status: string; conversationId: string | null }[];
}

async function getBatch(request: APIRequestContext, jobId: string): Promise<BatchView> {
  const response = await request.get(`/api/batches/${jobId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as BatchView;
}

async function processed(request: APIRequestContext, jobId: string): Promise<number> {
  const { progress } = await getBatch(request, jobId);
  return progress.completedItems + progress.failedItems;
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

test("the resume dialog offers the paused batch: counts, settings diff, discard confirmation, all keyboard-usable", async ({
  page,
}) => {
  const resumeDialog = new ResumeDialogObject(page);
  await page.goto("/batches/new");

  await expect(resumeDialog.dialog).toBeVisible();
  await expect(resumeDialog.dialog).toHaveAccessibleName("Resume your paused batch?");
  await expect(resumeDialog.details).toHaveAttribute("data-job-id", PAUSED_BATCH.id);
  await expect(resumeDialog.completed).toHaveText(String(PAUSED_BATCH.completed));
  await expect(resumeDialog.failed).toHaveText(String(PAUSED_BATCH.failed));
  await expect(resumeDialog.pending).toHaveText(
    String(PAUSED_BATCH.totalItems - PAUSED_BATCH.completed - PAUSED_BATCH.failed),
  );
  await expect(resumeDialog.progress).toHaveAttribute(
    "aria-valuenow",
    String(PAUSED_BATCH.completed + PAUSED_BATCH.failed),
  );
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
  await page.keyboard.press("Escape");
  await expect(resumeDialog.dialog).toBeHidden();
  // Nothing changed on the server.
  expect((await getBatch(page.request, PAUSED_BATCH.id)).job.status).toBe("paused");
});

test("a 30-item batch keeps generating with no page open; pause stops it, resume finishes it, each item once", async ({
  context,
}) => {
  test.setTimeout(180_000);
  const first = await context.newPage();
  const firstErrors = collectConsoleErrors(first);
  const conversationsBefore = await countConversations(context.request);

  const wizard = new BatchWizardPage(first);
  const resumeDialog = new ResumeDialogObject(first);
  await wizard.goto();
  // The seeded paused batch is offered first; Escape keeps it for later.
  await expect(resumeDialog.dialog).toBeVisible();
  await first.keyboard.press("Escape");
  await expect(resumeDialog.dialog).toBeHidden();

  await wizard.prepare(
    BATCH_NAME,
    Array.from({ length: TOTAL }, (_, i) => `E2E topic ${String(i + 1).padStart(2, "0")}: a late delivery`),
  );
  await expect(wizard.previewItems).toHaveCount(TOTAL);
  expect(await blockingViolations(first)).toEqual([]);
  await wizard.startButton(TOTAL).click();

  // Generate creates the batch and opens its page, which follows the server's run.
  await expect(first).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  const jobId = new URL(first.url()).pathname.split("/").at(-1)!;
  const watching = new BatchPage(first);
  await expect(watching.status).toHaveText(/Queued|Running/);
  await expect(watching.liveStatus).toHaveText(/^Live/);
  await expect(watching.shell.runningBatches).toHaveText("1 running");
  expect(await blockingViolations(first)).toEqual([]);

  // Close the only page: nothing in the browser drives the batch any more.
  const atClose = await processed(context.request, jobId);
  expect(atClose).toBeLessThan(TOTAL);
  await first.close();
  expect(firstErrors).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const whileClosed = await processed(context.request, jobId);
  expect(whileClosed).toBeGreaterThan(atClose);
  expect(whileClosed).toBeLessThan(TOTAL);

  // A new page finds it further along, and the header says it is running.
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.route("**/api/checkpoints", (route) => route.fulfill({ json: { checkpoints: [] } }));
  const batch = new BatchPage(page);
  await batch.goto(jobId);
  expect(await batch.completedCount()).toBeGreaterThanOrEqual(whileClosed);
  await expect(batch.status).toHaveText("Running");
  await expect(batch.shell.runningBatches).toHaveText("1 running");
  await expect(batch.shell.runningBatches).toHaveAttribute("href", `/batches/${jobId}`);
  await expect(batch.shell.runningBatches).toHaveAccessibleName(`1 running batch: ${BATCH_NAME}`);
  // The counters move without a reload.
  const seen = await batch.completedCount();
  await expect.poll(() => batch.completedCount(), { timeout: 10_000 }).toBeGreaterThan(seen);
  const bar = Number(await batch.progress.getAttribute("aria-valuenow"));
  expect(bar).toBeGreaterThan(0);
  await expect(batch.remaining).toHaveText(/\d+ s$/);
  expect(await blockingViolations(page)).toEqual([]);

  // Pause: items already with the generator finish, then the counter stands still.
  await batch.pause.click();
  await expect(batch.status).toHaveText("Paused");
  await expect(batch.resume).toBeVisible();
  await expect(batch.shell.runningBatches).toHaveCount(0);
  let previous = -1;
  await expect
    .poll(
      async () => {
        const now = await batch.completedCount();
        const still = now === previous;
        previous = now;
        return still;
      },
      { intervals: [2_500], timeout: 15_000 },
    )
    .toBe(true);
  const paused = await getBatch(page.request, jobId);
  expect(paused.job.status).toBe("paused");
  expect(paused.progress.pendingItems).toBeGreaterThan(0);
  const pausedAt = paused.progress.completedItems;
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect((await getBatch(page.request, jobId)).progress.completedItems).toBe(pausedAt);
  await expect(batch.completed).toHaveText(String(pausedAt));
  expect(await blockingViolations(page)).toEqual([]);

  // Resume: the server picks it up again and finishes it.
  await batch.resume.click();
  await expect(batch.status).toHaveText(/Queued|Running|Completed/);
  await expect(batch.status).toHaveText("Completed", { timeout: 90_000 });
  await expect(page.getByText(`All ${TOTAL} conversations are ready`)).toBeVisible();
  await expect(batch.completed).toHaveText(String(TOTAL));
  await expect(batch.failed).toHaveText("0");
  await expect(batch.pending).toHaveText("0");
  await expect(batch.progress).toHaveAttribute("aria-valuenow", String(TOTAL));
  await expect(batch.conversationLinks).toHaveCount(TOTAL);
  await expect(batch.shell.runningBatches).toHaveCount(0);
  await expect(batch.pause).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);

  // The server agrees: every item completed once, one distinct conversation each, and no extra ones.
  const after = await getBatch(page.request, jobId);
  expect(after.job.status).toBe("completed");
  expect(after.items.filter((item) => item.status === "completed")).toHaveLength(TOTAL);
  const conversationIds = after.items.map((item) => item.conversationId);
  expect(new Set(conversationIds).size).toBe(TOTAL);
  expect(conversationIds.every((id) => typeof id === "string")).toBe(true);
  expect(await countConversations(page.request)).toBe(conversationsBefore + TOTAL);

  // Finished: its checkpoint is gone and it is never offered by the resume dialog.
  expect((await page.request.get(`/api/batches/${jobId}/checkpoint`)).status()).toBe(404);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  const open = (await (await page.request.get("/api/checkpoints")).json()) as { checkpoints: { jobId: string }[] };
  expect(open.checkpoints.map((entry) => entry.jobId)).not.toContain(jobId);

  // The batches list shows the final figures and status.
  await page.goto("/batches/new");
  const row = page.getByTestId("batch-row").filter({ hasText: BATCH_NAME });
  await expect(row.getByTestId("batch-row-status")).toHaveText("Completed");
  await expect(row.getByTestId("batch-row-processed")).toHaveText(`${TOTAL} / ${TOTAL}`);
  expect(errors).toEqual([]);
});
