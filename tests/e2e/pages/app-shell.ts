import { expect, type Locator, type Page } from "@playwright/test";

export type AreaName = "Conversations" | "New batch" | "Backups";

/** The header, skip link and main landmark every page shares. */
export class AppShell {
  readonly header: Locator;
  readonly nav: Locator;
  readonly main: Locator;
  readonly skipLink: Locator;
  /** "N running": present only while a batch is queued, running or interrupted. */
  readonly runningBatches: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByRole("banner");
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.main = page.getByRole("main");
    this.skipLink = page.getByRole("link", { name: "Skip to content" });
    this.runningBatches = this.header.getByTestId("running-batches-indicator");
  }

  navLink(name: AreaName): Locator {
    return this.nav.getByRole("link", { name, exact: true });
  }

  async navigateTo(name: AreaName): Promise<void> {
    await this.navLink(name).click();
  }

  /** Exactly one header link is current, and it is `name`. */
  async expectCurrentArea(name: AreaName): Promise<void> {
    await expect(this.navLink(name)).toHaveAttribute("aria-current", "page");
    await expect(this.nav.locator('[aria-current="page"]')).toHaveCount(1);
  }

  heading(): Locator {
    return this.main.getByRole("heading", { level: 1 });
  }
}
