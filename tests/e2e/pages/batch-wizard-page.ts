import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

/** /batches/new: the wizard above the batches list. */
export class BatchWizardPage {
  readonly shell: AppShell;
  readonly wizard: Locator;
  readonly name: Locator;
  readonly topics: Locator;
  readonly persona: Locator;
  readonly turns: Locator;
  readonly previewButton: Locator;
  readonly previewItems: Locator;
  readonly summary: Locator;
  readonly completed: Locator;
  readonly failed: Locator;
  readonly pending: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.wizard = page.getByTestId("batch-wizard");
    this.name = page.getByLabel("Batch name");
    this.topics = page.getByLabel("One topic per line");
    this.persona = page.getByLabel("Persona");
    this.turns = page.getByLabel("Messages");
    this.previewButton = page.getByRole("button", { name: "Preview" });
    this.previewItems = page.getByTestId("preview-item");
    this.summary = page.getByTestId("batch-summary");
    this.completed = page.getByTestId("stat-completed");
    this.failed = page.getByTestId("stat-failed");
    this.pending = page.getByTestId("stat-pending");
  }

  async goto(): Promise<void> {
    await this.page.goto("/batches/new");
  }

  startButton(items: number): Locator {
    return this.page.getByRole("button", { name: `Start batch (${items})` });
  }
}
