import { expect, test, type Locator, type Request } from "@playwright/test";
import { BatchPage } from "./pages/batch-page";
import { BatchWizardPage } from "./pages/batch-wizard-page";
import { ResumeDialogObject } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";

/*
 * Runs against the fault-injecting server (playwright.config.ts, project "notifications"):
 * every generation fails, half with a rate limit (Retry-After 2 s), half with a network
 * failure. The server's workers run the batch, so those failures are item outcomes on the
 * batch page (a rate-limit wait, then failed after every attempt), not toasts.
 *
 * No route answers 429 or drops the connection by itself any more (the per-item generate
 * route is gone), so the toasts are tested on the one request the wizard sends, failed in
 * the browser: first a dropped connection (network toast, Retry), then a 429 (countdown
 * down to Retry now), then it goes through.
 */
const TOPICS = ["A late delivery", "A double charge", "A forgotten password"];

const isCreate = (request: Request) =>
  request.method() === "POST" && new URL(request.url()).pathname === "/api/batches";

async function secondsShown(countdown: Locator): Promise<number | null> {
  const match = /in (\d+) s/.exec((await countdown.textContent()) ?? "");
  return match ? Number(match[1]) : null;
}

test("a failing batch: start-up toasts (network Retry, rate-limit countdown), item outcomes, error details, retry", async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const wizard = new BatchWizardPage(page);
  const resumeDialog = new ResumeDialogObject(page);

  await wizard.goto();
  // The seeded paused batch is offered first; Escape keeps it for later.
  await expect(resumeDialog.dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(resumeDialog.dialog).toBeHidden();
  await wizard.prepare("E2E notifications", TOPICS);
  await expect(wizard.previewItems).toHaveCount(TOPICS.length);

  // The create request: dropped once, then answered 429, then let through.
  let creates = 0;
  await page.route("**/api/batches", async (route) => {
    if (!isCreate(route.request())) return route.fallback();
    creates += 1;
    if (creates === 1) return route.abort("internetdisconnected");
    if (creates === 2) {
      return route.fulfill({
        status: 429,
        headers: { "retry-after": "2" },
        json: { error: { code: "ERR_API_RATE_LIMIT", message: "Too many requests." } },
      });
    }
    return route.fallback();
  });
  await wizard.startButton(TOPICS.length).click();

  // Network failure: the temporary toast with Retry, and the inline line on the preview.
  const networkToast = page.getByTestId("network-error-toast").first();
  await expect(networkToast).toBeVisible({ timeout: 30_000 });
  await networkToast.hover();
  await expect(networkToast).toHaveAttribute("role", "alert");
  await expect(page.getByText("The batch was not created")).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await networkToast.getByRole("button", { name: "Retry", exact: true }).click();

  // Rate limit: one toast whose countdown runs down to "Retry now".
  const rateToast = page.getByTestId("rate-limit-toast");
  const countdown = rateToast.getByTestId("rate-limit-countdown");
  await expect(rateToast).toBeVisible({ timeout: 30_000 });
  await expect(rateToast).toHaveCount(1);
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const seconds = await secondsShown(countdown);
        if (seconds !== null) seen.add(seconds);
        return seen.has(1) || (await rateToast.getByRole("button", { name: "Retry now" }).isVisible());
      },
      { intervals: [100] },
    )
    .toBe(true);
  await expect(rateToast.getByRole("button", { name: "Retry now" })).toBeVisible({ timeout: 30_000 });
  expect(await blockingViolations(page)).toEqual([]);

  // Retry now sends it again; this time it goes through and the batch page opens.
  const created = page.waitForResponse((response) => isCreate(response.request()));
  await rateToast.getByRole("button", { name: "Retry now" }).click();
  expect((await created).status()).toBe(201);
  expect(creates).toBe(3);
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  const jobId = new URL(page.url()).pathname.split("/").at(-1)!;
  const batch = new BatchPage(page);

  // Generation failures are item outcomes: a rate-limited item waits out its Retry-After...
  // (others wait out a retry backoff after a network failure: "waiting to retry until ...").
  const rateLimitWait = page
    .getByTestId("item-waiting")
    .filter({ hasText: /^waiting for rate limit until \d\d:\d\d:\d\d UTC$/ });
  await expect(rateLimitWait.first()).toBeVisible({ timeout: 30_000 });
  // ...and every item ends failed after its attempts, with the reason next to it.
  await expect(batch.status).toHaveText("Completed with failures", { timeout: 150_000 });
  await expect(batch.failed).toHaveText(String(TOPICS.length));
  await expect(batch.items).toHaveCount(TOPICS.length);
  for (const item of await batch.items.all()) {
    await expect(item).toHaveAttribute("data-status", "failed");
    await expect(item.getByTestId("item-error")).not.toBeEmpty();
  }
  await expect(page.getByText(`0 conversations ready, ${TOPICS.length} failed`)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);

  // The details, one click away.
  await batch.items
    .first()
    .getByRole("button", { name: /View details/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "Error details" });
  await expect(dialog).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await dialog.getByRole("tab", { name: "Technical details" }).click();
  await dialog.getByLabel("Search the stack trace and context").fill("attempts");
  await expect(dialog.getByTestId("match-count")).toHaveText(/^[1-9]\d* match(es)?$/);
  await expect(dialog.locator("mark").first()).toBeVisible();
  await dialog.getByRole("button", { name: "Copy details" }).click();
  const copyToast = page
    .locator("li[data-sonner-toast]")
    .filter({ hasText: /Error details copied|Copy the details by hand/ });
  await expect(copyToast).toBeVisible();
  // axe measures contrast through opacity: check once Sonner's fade-in has finished.
  await expect(copyToast).toHaveCSS("opacity", "1");
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Retry failed items reopens them; the server runs them again.
  const reopened = page.waitForResponse(
    (response) => response.url().endsWith(`/api/batches/${jobId}/retry`) && response.request().method() === "POST",
  );
  await batch.retryFailed.click();
  expect((await reopened).status()).toBe(200);
  await expect(batch.status).toHaveText(/Queued|Running/);
  await expect(batch.retryFailed).toHaveCount(0);
});
