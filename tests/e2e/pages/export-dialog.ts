import type { Locator, Page } from "@playwright/test";

/** The export dialog (components/export/export-dialog.tsx): fields, pre-flight check, download. */
export class ExportDialogObject {
  readonly dialog: Locator;
  readonly split: Locator;
  readonly percent: Locator;
  readonly seed: Locator;
  readonly systemPrompt: Locator;
  readonly check: Locator;
  readonly download: Locator;
  readonly cancel: Locator;
  readonly review: Locator;
  readonly examples: Locator;
  readonly splitCounts: Locator;
  readonly problems: Locator;
  readonly excludeProblems: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId("export-dialog");
    this.split = this.dialog.getByRole("checkbox", { name: "Hold out a validation set" });
    this.percent = this.dialog.getByRole("spinbutton", { name: "Validation share (%)" });
    this.seed = this.dialog.getByRole("spinbutton", { name: "Seed" });
    this.systemPrompt = this.dialog.getByRole("textbox", { name: /System prompt/ });
    this.check = this.dialog.getByRole("button", { name: "Check", exact: true });
    this.download = this.dialog.getByRole("button", { name: "Download", exact: true });
    this.cancel = this.dialog.getByRole("button", { name: "Cancel", exact: true });
    this.review = this.dialog.getByTestId("export-review");
    this.examples = this.dialog.getByTestId("export-examples");
    this.splitCounts = this.dialog.getByTestId("export-split-counts");
    this.problems = this.dialog.getByTestId("export-problems").getByTestId("export-problem");
    this.excludeProblems = this.dialog.getByRole("checkbox", { name: "Leave out conversations with problems" });
  }

  format(label: "Messages (chat JSONL)" | "ShareGPT" | "Alpaca"): Locator {
    return this.dialog.getByRole("radio", { name: label, exact: true });
  }

  /** "8 / 2" -> { train: 8, validation: 2 }. */
  async splitNumbers(): Promise<{ train: number; validation: number }> {
    const [train, validation] = ((await this.splitCounts.textContent()) ?? "")
      .split("/")
      .map((part) => Number(part.replace(/\D/g, "")));
    return { train: train ?? Number.NaN, validation: validation ?? Number.NaN };
  }

  async exampleCount(): Promise<number> {
    return Number(((await this.examples.textContent()) ?? "").replace(/\D/g, ""));
  }
}
