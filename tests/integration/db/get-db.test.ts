/**
 * The app's database handle: one migrated instance per process, shared by every copy of the
 * module (Next.js bundles route handlers and pages separately), replaceable in tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, describeDatabase, getDb, setDatabaseForTesting } from "@/lib/db";
import { loadMigrations } from "@/lib/db/migrate";
import { createTestDatabase, testEngine, type TestDatabase } from "@/tests/support/test-db";

let configured: TestDatabase | undefined;
let pgliteDir: string | undefined;
let migrationNames: string[];

beforeAll(async () => {
  migrationNames = (await loadMigrations()).map((f) => f.name);
  // Point the app's configuration at a database of this test's own, left unmigrated so
  // that getDb() has to migrate it.
  if (testEngine() === "postgres") {
    configured = await createTestDatabase({ migrate: false });
    process.env.DATABASE_URL = configured.connectionUrl;
  } else {
    pgliteDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tds-getdb-")), "pglite");
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = pgliteDir;
  }
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await closeDb();
  await configured?.close();
  if (pgliteDir) fs.rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
});

describe("getDb", () => {
  it("opens one migrated instance however many callers ask at once", async () => {
    // On PGlite a second opening in this process would fail with ERR_DB_LOCKED.
    const handles = await Promise.all([getDb(), getDb(), getDb()]);
    expect(new Set(handles).size).toBe(1);
    expect(handles[0]?.engine).toBe(testEngine());
    expect(await getDb()).toBe(handles[0]);

    expect(await describeDatabase()).toEqual({ engine: testEngine(), migrations: migrationNames, pending: [] });
  });

  it("is shared by separately loaded copies of the module", async () => {
    const first = await getDb();
    vi.resetModules();
    const reloaded = await import("@/lib/db");
    expect(await reloaded.getDb()).toBe(first);
  });

  it("a transaction on the app's database commits on success and rolls back on failure", async () => {
    await (
      await getDb()
    ).transaction(async (tx) => {
      await tx.query(`insert into public.error_logs (error_id, level, message) values ('kept', 'info', 'x')`);
    });
    await (
      await getDb()
    )
      .transaction(async (tx) => {
        await tx.query(`insert into public.error_logs (error_id, level, message) values ('dropped', 'info', 'x')`);
        throw new Error("undo");
      })
      .catch(() => undefined);

    const db = await getDb();
    expect(await db.query(`select error_id from public.error_logs order by error_id`)).toEqual([{ error_id: "kept" }]);
  });

  it("serves the database a test installs, and the configured one again afterwards", async () => {
    const configuredDb = await getDb();
    const installed = await createTestDatabase();
    try {
      setDatabaseForTesting(installed);
      expect(await getDb()).toBe(installed);
      await (
        await getDb()
      ).transaction((tx) =>
        tx.query(`insert into public.error_logs (error_id, level, message) values ('t', 'info', 'x')`),
      );
      expect(await installed.query(`select error_id from public.error_logs`)).toEqual([{ error_id: "t" }]);
    } finally {
      setDatabaseForTesting(undefined);
      await installed.close();
    }
    expect(await getDb()).toBe(configuredDb);
  });

  it("reopens after closeDb(), with the data still there", async () => {
    const before = await getDb();
    await closeDb();
    const after = await getDb();
    expect(after).not.toBe(before);
    expect(await after.query(`select error_id from public.error_logs order by error_id`)).toEqual([
      { error_id: "kept" },
    ]);
  });
});
