/**
 * A fresh, migrated database for one test file.
 *
 * By default an in-memory PGlite. When TEST_DATABASE_URL points at a PostgreSQL server,
 * a new database with a unique name is created on it (test files run in parallel workers)
 * and dropped again by close(). The same integration tests run on both engines.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { createDatabase } from "@/lib/db/create-database";
import type { MigrateOptions } from "@/lib/db/migrate";
import { MEMORY_DATA_DIR } from "@/lib/db/pglite-engine";
import type { Database, Row, Transaction, TransactionOptions } from "@/lib/db/types";

export interface TestDatabase extends Database {
  /** The URL of this test database on PostgreSQL (to open a second connection); undefined on PGlite. */
  readonly connectionUrl: string | undefined;
}

export interface CreateTestDatabaseOptions {
  /** Apply the migrations (default true). */
  migrate?: boolean;
  migrations?: MigrateOptions;
}

/** The engine the integration suite runs on in this process. */
export function testEngine(): Database["engine"] {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

function adminConnection(serverUrl: string) {
  return postgres(serverUrl, { max: 1, prepare: false, onnotice: () => {}, idle_timeout: 1 });
}

function uniqueDatabaseName(): string {
  return `tds_test_${process.pid}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createPostgresTestDatabase(
  serverUrl: string,
  options: CreateTestDatabaseOptions,
): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  const admin = adminConnection(serverUrl);
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }

  const drop = async () => {
    const dropper = adminConnection(serverUrl);
    try {
      // WITH (FORCE): a test that failed midway may have left a connection open.
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await dropper.end();
    }
  };

  const connectionUrl = withDatabaseName(serverUrl, name);
  let db: Database;
  try {
    db = await createDatabase({
      databaseUrl: connectionUrl,
      migrate: options.migrate,
      migrations: options.migrations,
      postgres: { max: 5, idleTimeoutSeconds: 5 },
    });
  } catch (err) {
    await drop();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    engine: db.engine,
    connectionUrl,
    query: <T extends Row = Row>(sql: string, params?: readonly unknown[]) => db.query<T>(sql, params),
    exec: (sql: string) => db.exec(sql),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>, txOptions?: TransactionOptions) =>
      db.transaction(fn, txOptions),
    close() {
      closing ??= db.close().then(drop);
      return closing;
    },
  };
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
      throw new Error("TEST_DATABASE_URL must be a postgres:// URL of a server where the tests may create databases.");
    }
    return createPostgresTestDatabase(serverUrl, options);
  }
  const db = await createDatabase({
    pgliteDir: MEMORY_DATA_DIR,
    migrate: options.migrate,
    migrations: options.migrations,
  });
  return Object.assign(db, { connectionUrl: undefined });
}
