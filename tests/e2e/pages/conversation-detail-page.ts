import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell";

export class ConversationDetailPage {
  readonly shell: AppShell;
  readonly transcript: Locator;
  readonly turns: Locator;
  readonly userTurns: Locator;
  readonly assistantTurns: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.transcript = page.getByRole("list", { name: "Transcript" });
    this.turns = page.getByTestId("transcript-turn");
    this.userTurns = page.locator('[data-testid="transcript-turn"][data-role="user"]');
    this.assistantTurns = page.locator('[data-testid="transcript-turn"][data-role="assistant"]');
  }

  async goto(id: string) {
    return this.page.goto(`/conversations/${id}`);
  }
}
