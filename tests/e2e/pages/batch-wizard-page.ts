import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

/** /batches/new: the wizard (Configure, Preview; Generate opens the batch page) above the batches list. */
export class BatchWizardPage {
  readonly shell: AppShell;
  readonly wizard: Locator;
  readonly name: Locator;
  readonly topics: Locator;
  readonly persona: Locator;
  readonly turns: Locator;
  readonly previewButton: Locator;
  readonly previewItems: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.wizard = page.getByTestId("batch-wizard");
    this.name = page.getByLabel("Batch name");
    this.topics = page.getByLabel("One topic per line");
    this.persona = page.getByLabel("Persona");
    this.turns = page.getByLabel("Messages");
    this.previewButton = page.getByRole("button", { name: "Preview" });
    this.previewItems = page.getByTestId("preview-item");
  }

  async goto(): Promise<void> {
    await this.page.goto("/batches/new");
  }

  startButton(items: number): Locator {
    return this.page.getByRole("button", { name: `Start batch (${items})` });
  }

  /** Name, topics (one item each), persona and turns, then the preview. */
  async prepare(name: string, topics: readonly string[]): Promise<void> {
    await this.name.fill(name);
    await this.topics.fill(topics.join("\n"));
    await this.persona.fill("small business owner");
    await this.turns.fill("4");
    await this.previewButton.click();
  }
}
