import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class BackupsPage {
  readonly shell: AppShell;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.rows = page.getByTestId("backup-row");
  }

  async goto(): Promise<void> {
    await this.page.goto("/backups");
  }
}
