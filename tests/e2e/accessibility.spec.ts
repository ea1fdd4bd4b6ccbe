import { expect, test } from "@playwright/test";
import { blockingViolations } from "./support/axe";
import { NEWEST_CONVERSATION } from "./support/seed-data";
import { withoutResumeDialog } from "./pages/resume-dialog";

// The seed holds an unfinished batch; its resume dialog is tested in batch-run.spec.ts.
test.beforeEach(({ page }) => withoutResumeDialog(page));

const PAGES = [
  { name: "home", path: "/" },
  { name: "conversations", path: "/conversations" },
  { name: "conversation detail", path: `/conversations/${NEWEST_CONVERSATION.id}` },
  { name: "backups", path: "/backups" },
  { name: "batches", path: "/batches/new" },
  { name: "not found", path: "/no-such-page" },
] as const;

// Contrast differs per scheme (muted text especially), so both are checked.
for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    for (const { name, path } of PAGES) {
      test(`axe finds no serious or critical violations on ${name}`, async ({ page }) => {
        await page.goto(path);
        await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toBeVisible();
        expect(await blockingViolations(page)).toEqual([]);
      });
    }
  });
}
