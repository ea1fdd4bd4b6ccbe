import { expect, test, type Locator } from "@playwright/test";
import { BatchWizardPage } from "./pages/batch-wizard-page";
import { ResumeDialogObject } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";

/*
 * Runs against the fault-injecting server (playwright.config.ts, project "notifications"):
 * every generate call fails, half with a rate limit (Retry-After 2 s), half with a network
 * failure, so one 3-item batch produces both toasts until its items run out of attempts.
 */
const TOPICS = ["A late delivery", "A double charge", "A forgotten password"];

function batchRetry(jobId: string) {
  return (response: { url(): string; request(): { method(): string } }) =>
    response.url().endsWith(`/api/batches/${jobId}/retry`) && response.request().method() === "POST";
}

async function secondsShown(countdown: Locator): Promise<number | null> {
  const match = /in (\d+) s/.exec((await countdown.textContent()) ?? "");
  return match ? Number(match[1]) : null;
}

test("a failing batch: a network toast whose Retry works, a rate-limit countdown to Retry now, and the error details", async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const wizard = new BatchWizardPage(page);
  const resumeDialog = new ResumeDialogObject(page);

  await wizard.goto();
  // The seeded paused batch is offered first; Escape keeps it for later.
  await expect(resumeDialog.dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(resumeDialog.dialog).toBeHidden();
  await wizard.name.fill("E2E notifications");
  await wizard.topics.fill(TOPICS.join("\n"));
  await wizard.persona.fill("small business owner");
  await wizard.turns.fill("4");
  await wizard.previewButton.click();
  await expect(wizard.previewItems).toHaveCount(TOPICS.length);
  const created = page.waitForResponse((response) => response.url().endsWith("/api/batches") && response.request().method() === "POST");
  await wizard.startButton(TOPICS.length).click();
  const { jobId } = (await (await created).json()) as { jobId: string };

  // Network failure: the temporary toast with Retry. Hovering the stack holds its 5 s timer.
  const networkToast = page.getByTestId("network-error-toast").first();
  await expect(networkToast).toBeVisible({ timeout: 30_000 });
  await networkToast.hover();
  await expect(networkToast).toHaveAttribute("role", "alert");
  expect(await blockingViolations(page)).toEqual([]);
  const reopened = page.waitForResponse(batchRetry(jobId));
  await networkToast.getByRole("button", { name: "Retry", exact: true }).click();
  expect((await reopened).status()).toBe(200);

  // Rate limit: one toast whose countdown runs down to "Retry now" once the batch has stopped.
  const rateToast = page.getByTestId("rate-limit-toast");
  const countdown = rateToast.getByTestId("rate-limit-countdown");
  await expect(rateToast).toBeVisible({ timeout: 30_000 });
  await expect(rateToast).toHaveCount(1);
  await expect(rateToast.getByRole("button", { name: "Retry now" })).toBeVisible({ timeout: 150_000 });
  expect(await blockingViolations(page)).toEqual([]);

  // Retry now reopens the failed items; the next 429 starts a fresh countdown that goes down.
  const retriedNow = page.waitForResponse(batchRetry(jobId));
  await rateToast.getByRole("button", { name: "Retry now" }).click();
  expect((await retriedNow).status()).toBe(200);
  await expect(countdown).toHaveText("Requests resume in 2 s.", { timeout: 30_000 });
  const seen = new Set<number>();
  await expect
    .poll(async () => {
      const seconds = await secondsShown(countdown);
      if (seconds !== null) seen.add(seconds);
      return seen.has(1) || (await rateToast.getByRole("button", { name: "Retry now" }).isVisible());
    }, { intervals: [100] })
    .toBe(true);
  await expect(rateToast.getByRole("button", { name: "Retry now" })).toBeVisible({ timeout: 150_000 });

  // The details, one click away.
  const viewDetails = rateToast.getByRole("button", { name: "View details" });
  await viewDetails.click();
  const dialog = page.getByRole("dialog", { name: "Error details" });
  await expect(dialog).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await dialog.getByRole("tab", { name: "Technical details" }).click();
  await dialog.getByLabel("Search the stack trace and context").fill("generate");
  await expect(dialog.getByTestId("match-count")).toHaveText(/^[1-9]\d* match(es)?$/);
  await expect(dialog.locator("mark").first()).toBeVisible();
  await dialog.getByRole("button", { name: "Copy details" }).click();
  const copyToast = page.locator("li[data-sonner-toast]").filter({ hasText: /Error details copied|Copy the details by hand/ });
  await expect(copyToast).toBeVisible();
  // axe measures contrast through opacity: check once Sonner's fade-in has finished.
  await expect(copyToast).toHaveCSS("opacity", "1");
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
