import type { Locator, Page } from "@playwright/test";

/** The conversations list's selection bar and the PreDeleteBackup dialog it opens. */
export class BulkDeleteObject {
  readonly selectionCount: Locator;
  readonly deleteSelected: Locator;
  readonly dialog: Locator;
  readonly createBackup: Locator;
  readonly backUpAndContinue: Locator;
  readonly continueWithoutBackup: Locator;
  readonly cancel: Locator;
  readonly backupId: Locator;
  readonly downloadNow: Locator;

  constructor(readonly page: Page) {
    this.selectionCount = page.getByTestId("selection-count");
    this.deleteSelected = page.getByRole("button", { name: "Delete selected" });
    this.dialog = page.getByTestId("pre-delete-backup");
    this.createBackup = this.dialog.getByRole("checkbox", { name: "Create backup before deleting" });
    this.backUpAndContinue = this.dialog.getByRole("button", { name: "Back up and continue" });
    this.continueWithoutBackup = this.dialog.getByRole("button", { name: "Continue without backup" });
    this.cancel = this.dialog.getByRole("button", { name: "Cancel" });
    this.backupId = this.dialog.getByTestId("backup-id");
    this.downloadNow = this.dialog.getByRole("link", { name: "Download now" });
  }

  rowCheckbox(title: string): Locator {
    return this.page.getByRole("checkbox", { name: `Select ${title}`, exact: true });
  }

  /** The final step's red button ("Delete 3 conversations"). */
  confirmDelete(count: number): Locator {
    return this.dialog.getByRole("button", {
      name: `Delete ${count} conversation${count === 1 ? "" : "s"}`,
      exact: true,
    });
  }

  /** A sonner toast by its title. */
  toast(title: string): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: title });
  }
}
