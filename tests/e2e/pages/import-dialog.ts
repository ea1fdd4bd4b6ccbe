import type { Locator, Page } from "@playwright/test";

/** The import dialog (components/import/import-dialog.tsx), opened from the conversations or backups page. */
export class ImportDialogObject {
  readonly dialog: Locator;
  readonly file: Locator;
  readonly detected: Locator;
  readonly importButton: Locator;
  readonly result: Locator;
  readonly lineErrors: Locator;
  readonly done: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId("import-dialog");
    this.file = this.dialog.getByLabel("File", { exact: true });
    this.detected = this.dialog.getByTestId("import-detected");
    this.importButton = this.dialog.getByRole("button", { name: "Import", exact: true });
    this.result = this.dialog.getByTestId("import-result");
    this.lineErrors = this.dialog.getByTestId("import-line-errors").getByRole("listitem");
    this.done = this.dialog.getByRole("button", { name: "Done", exact: true });
  }

  /** The page's button that opens the dialog ("Import" on conversations, "Import a backup" on backups). */
  opener(name: "Import" | "Import a backup"): Locator {
    return this.page.getByRole("main").getByRole("button", { name, exact: true });
  }
}
