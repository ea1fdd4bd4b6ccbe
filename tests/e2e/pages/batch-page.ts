import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

/** /batches/:id: a batch's live progress, then its summary. */
export class BatchPage {
  readonly shell: AppShell;
  readonly summaryStep: Locator;
  readonly completedLinks: Locator;
  readonly completed: Locator;
  readonly failed: Locator;
  readonly pending: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.summaryStep = page.getByTestId("summary-step");
    this.completedLinks = page.getByTestId("completed-item").getByRole("link");
    this.completed = page.getByTestId("stat-completed");
    this.failed = page.getByTestId("stat-failed");
    this.pending = page.getByTestId("stat-pending");
  }
}
