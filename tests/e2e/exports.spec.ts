import { readFile, writeFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { BackupsPage } from "./pages/backups-page";
import { ConversationsPage } from "./pages/conversations-page";
import { ExportDialogObject } from "./pages/export-dialog";
import { ImportDialogObject } from "./pages/import-dialog";
import { withoutResumeDialog } from "./pages/resume-dialog";
import { blockingViolations } from "./support/axe";

/*
 * Fine-tuning export and import, end to end (issue 10). It generates a batch, makes a backup
 * and deletes and brings back conversations, which the other specs' seeded counts would see:
 * its Playwright project runs after theirs.
 */
test.beforeEach(({ page }) => withoutResumeDialog(page));

interface MessagesLine {
  messages: { role: string; content: string }[];
}

/** A Sonner toast by its title, once its entry transition is over (axe measures contrast mid-fade otherwise). */
async function settledToast(page: Page, title: string): Promise<Locator> {
  const toast = page.locator("[data-sonner-toast][data-mounted='true']").filter({ hasText: title });
  await expect(toast).toBeVisible();
  await toast.evaluate((element) =>
    Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
  );
  return toast;
}

function jsonlLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

test("export a selection with a validation split: the zip holds train, validation and the dataset card with the counts shown", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const list = new ConversationsPage(page);
  const exporter = new ExportDialogObject(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();

  // The first ten rows, whatever they are (another project may have generated conversations first).
  await list.rows.nth(0).getByRole("checkbox").click();
  await list.rows
    .nth(9)
    .getByRole("checkbox")
    .click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("selection-count")).toHaveText("10 selected");

  await page.getByRole("button", { name: "Export selected" }).click();
  await expect(exporter.dialog).toBeVisible();
  await expect(exporter.dialog).toContainText("the 10 selected conversations");
  await expect(exporter.format("Messages (chat JSONL)")).toBeChecked();
  await exporter.split.click();
  await expect(exporter.percent).toHaveValue("10");
  await expect(exporter.seed).toHaveValue("42");
  expect(await blockingViolations(page)).toEqual([]);

  await exporter.percent.fill("20");
  await exporter.seed.fill("7");
  await exporter.systemPrompt.fill("You are a patient support agent.");
  await exporter.check.click();
  await expect(exporter.review).toBeVisible();
  await expect(exporter.dialog).toContainText("From 10 conversations selected.");
  expect(await blockingViolations(page)).toEqual([]);

  // Problems (the seed repeats content across topics, so there may be duplicates): leave them out.
  if ((await exporter.problems.count()) > 0) {
    const before = await exporter.exampleCount();
    await exporter.excludeProblems.click();
    await expect(exporter.excludeProblems).toBeChecked();
    await expect(exporter.excludeProblems).toBeEnabled();
    await expect.poll(() => exporter.exampleCount()).toBeLessThan(before);
  }
  const examples = await exporter.exampleCount();
  const { train, validation } = await exporter.splitNumbers();
  expect(examples).toBeGreaterThan(0);
  expect(train + validation).toBe(examples);
  // Within one example of the asked 20%.
  expect(Math.abs(validation - examples * 0.2)).toBeLessThanOrEqual(1);

  const [download] = await Promise.all([page.waitForEvent("download"), exporter.download.click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  await expect(exporter.dialog).toHaveCount(0);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(["README.md", "train.jsonl", "validation.jsonl"]);

  const trainLines = jsonlLines(strFromU8(files["train.jsonl"]!));
  const validationLines = jsonlLines(strFromU8(files["validation.jsonl"]!));
  expect(trainLines).toHaveLength(train);
  expect(validationLines).toHaveLength(validation);
  for (const line of [...trainLines, ...validationLines]) {
    const example = JSON.parse(line) as MessagesLine;
    expect(example.messages[0]).toEqual({ role: "system", content: "You are a patient support agent." });
    expect(example.messages.at(-1)?.role).toBe("assistant");
  }
  // Disjoint: no example is in both files.
  expect(trainLines.filter((line) => validationLines.includes(line))).toEqual([]);

  const card = strFromU8(files["README.md"]!);
  expect(card).toContain(`| train.jsonl | ${train} |`);
  expect(card).toContain(`| validation.jsonl | ${validation} |`);
  expect(card).toContain("seed 7");
});

interface BatchAnswer {
  job: { status: string };
  items: { status: string; conversationId: string | null }[];
}

async function generateBatch(request: APIRequestContext, name: string, topics: string[]): Promise<string[]> {
  const created = await request.post("/api/batches", { data: { name, items: topics.map((topic) => ({ topic })) } });
  expect(created.status()).toBe(201);
  const { jobId } = (await created.json()) as { jobId: string };
  let ids: string[] = [];
  await expect
    .poll(
      async () => {
        const answer = (await (await request.get(`/api/batches/${jobId}`)).json()) as BatchAnswer;
        ids = answer.items.flatMap((item) => (item.conversationId ? [item.conversationId] : []));
        return answer.job.status;
      },
      { timeout: 45_000, intervals: [1_000] },
    )
    .toBe("completed");
  expect(ids).toHaveLength(topics.length);
  return ids;
}

test("importing the backup file of a deleted batch brings its conversations back", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const ids = await generateBatch(page.request, "E2E import batch", [
    "warranty claim",
    "address change",
    "gift card balance",
  ]);

  // Back the batch's conversations up, keep the downloaded file, delete them (the backup routes, docs/http-contract.md).
  const backup = await page.request.post("/api/backup/create", {
    data: { conversationIds: ids, reason: "bulk_delete" },
  });
  expect(backup.status()).toBe(201);
  const { backupId, downloadUrl } = (await backup.json()) as { backupId: string; downloadUrl: string };
  const file = await page.request.get(downloadUrl);
  expect(file.status()).toBe(200);
  const filePath = testInfo.outputPath(`${backupId}.json`);
  await writeFile(filePath, await file.body());
  const deleted = await page.request.post("/api/conversations/bulk-delete", { data: { ids, backupId } });
  expect(await deleted.json()).toEqual({ deleted: 3 });
  for (const id of ids) expect((await page.request.get(`/api/conversations/${id}`)).status()).toBe(404);

  const backups = new BackupsPage(page);
  const importer = new ImportDialogObject(page);
  await backups.goto();
  await importer.opener("Import a backup").click();
  await expect(importer.dialog).toBeVisible();
  await expect(importer.dialog.getByRole("heading", { name: "Import a backup" })).toBeVisible();
  await expect(importer.importButton).toBeDisabled();
  expect(await blockingViolations(page)).toEqual([]);

  await importer.file.setInputFiles(filePath);
  await expect(importer.detected).toContainText("Backup file");
  await expect(importer.detected).toContainText(`${backupId}.json`);
  expect(await blockingViolations(page)).toEqual([]);
  await importer.importButton.click();

  await expect(importer.result).toContainText("Imported 3 conversations");
  await settledToast(page, "Imported 3 conversations");
  expect(await blockingViolations(page)).toEqual([]);
  await importer.done.click();
  await expect(importer.dialog).toHaveCount(0);
  // Focus goes back to the button that opened the dialog.
  await expect(importer.opener("Import a backup")).toBeFocused();

  for (const id of ids) expect((await page.request.get(`/api/conversations/${id}`)).status()).toBe(200);
  const list = new ConversationsPage(page);
  await list.goto();
  for (const id of ids) await expect(list.rows.locator(`a[href="/conversations/${id}"]`)).toBeVisible();

  // The same file again: idempotent, nothing new.
  await importer.opener("Import").click();
  await importer.file.setInputFiles(filePath);
  await expect(importer.detected).toContainText("Backup file");
  await importer.importButton.click();
  await expect(importer.result).toContainText("Imported 0 conversations; 3 already here");
});

test("a JSONL file with a bad line is refused whole, naming the line", async ({ page }, testInfo) => {
  const good = JSON.stringify({
    messages: [
      { role: "user", content: "Where is my parcel?" },
      { role: "assistant", content: "It ships today." },
    ],
  });
  const filePath = testInfo.outputPath("bad-line.jsonl");
  await writeFile(filePath, `${good}\n${good}\n{"messages": "not a list"}\n`);
  const list = new ConversationsPage(page);
  const importer = new ImportDialogObject(page);
  await list.goto();
  await importer.opener("Import").click();
  await importer.file.setInputFiles(filePath);
  await expect(importer.dialog.getByRole("radio", { name: "Messages", exact: true })).toBeChecked();
  await importer.importButton.click();
  await expect(importer.lineErrors.first()).toContainText("Line 3:");
  await expect(importer.dialog).toContainText("Nothing was imported");
  await settledToast(page, "Nothing was imported");
  expect(await blockingViolations(page)).toEqual([]);
});
