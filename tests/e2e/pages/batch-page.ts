import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

/** /batches/:id: a batch the server runs, watched live, with its controls and item outcomes. */
export class BatchPage {
  readonly shell: AppShell;
  readonly status: Locator;
  readonly progress: Locator;
  readonly completed: Locator;
  readonly failed: Locator;
  readonly pending: Locator;
  readonly remaining: Locator;
  readonly liveStatus: Locator;
  readonly pause: Locator;
  readonly resume: Locator;
  readonly cancel: Locator;
  readonly retryFailed: Locator;
  readonly outcome: Locator;
  readonly items: Locator;
  readonly conversationLinks: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.status = page.getByTestId("batch-status");
    this.progress = page.getByTestId("batch-progress");
    this.completed = page.getByTestId("stat-completed");
    this.failed = page.getByTestId("stat-failed");
    this.pending = page.getByTestId("stat-pending");
    this.remaining = page.getByTestId("stat-remaining");
    this.liveStatus = page.getByTestId("live-status");
    this.pause = page.getByTestId("pause-batch");
    this.resume = page.getByTestId("resume-batch");
    this.cancel = page.getByTestId("cancel-batch");
    this.retryFailed = page.getByTestId("retry-failed");
    this.outcome = page.getByTestId("batch-outcome");
    this.items = page.getByTestId("batch-item");
    this.conversationLinks = page.getByTestId("item-conversation");
  }

  async goto(jobId: string): Promise<void> {
    await this.page.goto(`/batches/${jobId}`);
  }

  /** The number the Completed counter shows. */
  async completedCount(): Promise<number> {
    return Number((await this.completed.textContent())?.replace(/\D/g, "") ?? Number.NaN);
  }
}
