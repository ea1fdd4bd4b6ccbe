/**
 * The migration runner on a real engine: PGlite in memory, or PostgreSQL when
 * TEST_DATABASE_URL is set (each test gets a database of its own).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { checksumOf, defaultMigrationsDir, loadMigrations, migrate, migrationStatus } from "@/lib/db/migrate";
import { createPostgresDatabase } from "@/lib/db/postgres-engine";
import type { Database } from "@/lib/db/types";
import { DatabaseError, ErrorCode } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

const opened: Database[] = [];
const tempDirs: string[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  opened.push(db);
  return db;
}

/** A copy of the real migrations in a temp dir, to add or alter files. */
function migrationsCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-migrations-"));
  tempDirs.push(dir);
  for (const name of fs.readdirSync(defaultMigrationsDir())) {
    fs.copyFileSync(path.join(defaultMigrationsDir(), name), path.join(dir, name));
  }
  return dir;
}

async function recorded(db: Database) {
  return db.query<{ name: string; checksum: string }>(
    `select name, checksum from public.schema_migrations order by name`,
  );
}

async function migrationError(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  expect((error as DatabaseError).code).toBe(ErrorCode.DB_MIGRATION_FAILED);
  return error as DatabaseError;
}

afterEach(async () => {
  // Closing in reverse: extra connections to a test database before the database itself.
  for (const db of opened.splice(0).reverse()) await db.close();
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies every migration file in order, records its checksum, and a second run is a no-op", async () => {
    const db = await freshDatabase();
    const files = await loadMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(db);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(await recorded(db)).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));

    const second = await migrate(db);
    expect(second).toEqual({ applied: [], all: files.map((f) => f.name) });
    expect(await recorded(db)).toHaveLength(files.length);
    expect(await migrationStatus(db)).toEqual({ applied: files.map((f) => f.name), pending: [] });
  });

  it("reports pending migrations before they run, without creating anything", async () => {
    const db = await freshDatabase();
    const names = (await loadMigrations()).map((f) => f.name);
    expect(await migrationStatus(db)).toEqual({ applied: [], pending: names });
    const [row] = await db.query<{ present: boolean }>(
      `select to_regclass('public.schema_migrations') is not null as present`,
    );
    expect(row?.present).toBe(false);
  });

  it("applies each migration once when two runs race", async () => {
    const db = await freshDatabase();
    // On PostgreSQL: two separate connection pools on one database, like two app instances.
    // On PGlite: two runs on the one instance, interleaving at every await.
    const other = db.connectionUrl ? createPostgresDatabase({ url: db.connectionUrl, max: 2 }) : db;
    if (other !== db) opened.push(other);

    const [a, b] = await Promise.all([migrate(db), migrate(other)]);
    const names = (await loadMigrations()).map((f) => f.name);
    expect([...a.applied, ...b.applied].sort()).toEqual(names);
    expect(await recorded(db)).toHaveLength(names.length);
  });

  it("applies a new migration added after the first run, and only that one", async () => {
    const db = await freshDatabase();
    const dir = migrationsCopy();
    await migrate(db, { migrationsDir: dir });

    fs.writeFileSync(
      path.join(dir, "29991231235959_add_probe.sql"),
      "create table public.migration_probe (id int primary key);\ninsert into public.migration_probe values (1);\n",
    );
    const result = await migrate(db, { migrationsDir: dir });
    expect(result.applied).toEqual(["29991231235959_add_probe.sql"]);
    expect(await db.query(`select id from public.migration_probe`)).toEqual([{ id: 1 }]);
  });

  it("fails loudly, naming the file, when an applied migration was changed", async () => {
    const db = await freshDatabase();
    const dir = migrationsCopy();
    await migrate(db, { migrationsDir: dir });

    const [first] = await loadMigrations(dir);
    if (!first) throw new Error("no migrations");
    fs.appendFileSync(path.join(dir, first.name), "\n-- an edit after the fact\n");

    const error = await migrationError(migrate(db, { migrationsDir: dir }));
    expect(error.message).toContain(first.name);
    expect(error.message).toMatch(/changed after it was applied/);
    // The recorded checksum is untouched.
    expect((await recorded(db)).find((r) => r.name === first.name)?.checksum).toBe(first.checksum);
  });

  it("ignores line-ending differences in the checksum (a Windows checkout is not a change)", () => {
    expect(checksumOf("select 1;\r\nselect 2;\r\n")).toBe(checksumOf("select 1;\nselect 2;\n"));
    expect(checksumOf("select 1;\n")).not.toBe(checksumOf("select 2;\n"));
  });

  it("rolls a failing migration back completely and does not record it", async () => {
    const db = await freshDatabase();
    const dir = migrationsCopy();
    await migrate(db, { migrationsDir: dir });
    fs.writeFileSync(
      path.join(dir, "29991231235959_broken.sql"),
      "create table public.half_done (id int);\nselect * from public.no_such_table;\n",
    );

    const error = await migrationError(migrate(db, { migrationsDir: dir }));
    expect(error.message).toContain("29991231235959_broken.sql");
    const [row] = await db.query<{ present: boolean }>(`select to_regclass('public.half_done') is not null as present`);
    expect(row?.present).toBe(false);
    expect((await recorded(db)).map((r) => r.name)).not.toContain("29991231235959_broken.sql");
  });

  it("refuses migration files that do not follow the <timestamp>_<name>.sql naming", async () => {
    const db = await freshDatabase();
    const dir = migrationsCopy();
    fs.writeFileSync(path.join(dir, "add_things.sql"), "select 1;");

    const error = await migrationError(migrate(db, { migrationsDir: dir }));
    expect(error.message).toContain("add_things.sql");
    expect(await migrationStatus(db, { migrationsDir: defaultMigrationsDir() })).toMatchObject({ applied: [] });
  });

  it("provides auth.uid() from the request's JWT claim on the local engine", async () => {
    const db = await freshDatabase();
    await migrate(db);
    const userId = "2b7e8a3c-1d4f-4e6a-9b0c-5d2e1f3a4b5c";
    const sub = await db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claim.sub', $1, true)`, [userId]);
      return tx.query<{ uid: string | null }>(`select auth.uid() as uid`);
    });
    expect(sub).toEqual([{ uid: userId }]);
    expect(await db.query(`select auth.uid() as uid`)).toEqual([{ uid: null }]);
  });
});
