import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class HomePage {
  readonly shell: AppShell;
  readonly conversationCount: Locator;
  readonly batchCount: Locator;
  readonly backupCount: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.conversationCount = page.getByTestId("count-conversations");
    this.batchCount = page.getByTestId("count-batches");
    this.backupCount = page.getByTestId("count-backups");
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
  }
}
