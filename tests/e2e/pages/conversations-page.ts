import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class ConversationsPage {
  readonly shell: AppShell;
  readonly rows: Locator;
  readonly nextPage: Locator;
  readonly firstPage: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.rows = page.getByTestId("conversation-row");
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    this.nextPage = pagination.getByRole("link", { name: "Next page" });
    this.firstPage = pagination.getByRole("link", { name: "First page" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/conversations");
  }

  conversationLink(title: string): Locator {
    return this.page.getByTestId("conversation-table").getByRole("link", { name: title, exact: true });
  }
}
