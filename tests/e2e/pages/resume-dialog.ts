import type { Locator, Page } from "@playwright/test";

/** The resume dialog the root layout mounts on every page load. */
export class ResumeDialogObject {
  readonly dialog: Locator;
  readonly details: Locator;
  readonly completed: Locator;
  readonly failed: Locator;
  readonly pending: Locator;
  readonly progress: Locator;
  readonly resume: Locator;
  readonly options: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId("resume-dialog");
    this.details = this.dialog.getByTestId("resume-batch-details");
    this.completed = this.details.getByTestId("resume-completed");
    this.failed = this.details.getByTestId("resume-failed");
    this.pending = this.details.getByTestId("resume-pending");
    this.progress = this.details.getByRole("progressbar");
    this.resume = this.dialog.getByRole("button", { name: "Resume", exact: true });
    this.options = this.dialog.getByRole("radio");
  }

  /** Pick a batch by name when several are offered (a single one is already shown). */
  async choose(name: string): Promise<void> {
    if ((await this.options.count()) > 0) await this.dialog.getByRole("radio", { name: new RegExp(name) }).check();
  }
}

/**
 * For specs about other pages: answer GET /api/checkpoints with nothing, so the resume dialog
 * (which the seeded paused batch would open on every page load) stays closed. Call it before
 * the first navigation, e.g. `test.beforeEach(({ page }) => withoutResumeDialog(page))`.
 */
export async function withoutResumeDialog(page: Page): Promise<void> {
  await page.route("**/api/checkpoints", (route) => route.fulfill({ json: { checkpoints: [] } }));
}
