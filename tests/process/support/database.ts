/**
 * The PostgreSQL side of the process tests: a fresh, empty database per test file on the
 * server TEST_DATABASE_URL names (the servers under test migrate it when they start), and
 * the real `psql` binary to check what they left behind.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const execFileAsync = promisify(execFile);

/** TEST_DATABASE_URL, or an error saying how to provide it: these tests never fall back or skip. */
export function requireTestDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "The process tests need a PostgreSQL server: TEST_DATABASE_URL is not set. " +
        "Run them with `scripts/with-postgres.sh npm run test:process` (a throwaway PostgreSQL 15), " +
        "or set TEST_DATABASE_URL to a postgres:// URL of a server where they may create databases.",
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`TEST_DATABASE_URL must be a postgres:// URL, got ${JSON.stringify(url)}.`);
  }
  return url;
}

export interface FreshDatabase {
  /** Connection URL of the new database: what the servers get as DATABASE_URL. */
  url: string;
  name: string;
  /** Drops it (WITH FORCE: a killed server's connections may linger a moment). */
  drop(): Promise<void>;
}

function admin(serverUrl: string) {
  return postgres(serverUrl, { max: 1, prepare: false, onnotice: () => {}, idle_timeout: 1 });
}

/** A new empty database on the TEST_DATABASE_URL server. */
export async function createFreshDatabase(label: string): Promise<FreshDatabase> {
  const serverUrl = requireTestDatabaseUrl();
  const name = `tds_process_${label}_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const sql = admin(serverUrl);
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = admin(serverUrl);
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** The psql binary: PostgreSQL 15's, else any other installed version's, else the one on PATH. */
export function psqlBinary(): string {
  const candidates = ["/usr/lib/postgresql/15/bin/psql"];
  try {
    for (const version of fs.readdirSync("/usr/lib/postgresql").sort().reverse()) {
      candidates.push(path.join("/usr/lib/postgresql", version, "bin", "psql"));
    }
  } catch {
    // No Debian layout: PATH it is.
  }
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? "psql";
}

/**
 * Runs one query with the real psql and returns its rows as arrays of text (unaligned,
 * tuples only, fields split on "|"). ON_ERROR_STOP makes a bad query a rejected promise.
 */
export async function psql(databaseUrl: string, sql: string): Promise<string[][]> {
  const { stdout } = await execFileAsync(
    psqlBinary(),
    [
      databaseUrl,
      "--no-psqlrc",
      "-v",
      "ON_ERROR_STOP=1",
      "--tuples-only",
      "--no-align",
      "--field-separator=|",
      "-c",
      sql,
    ],
    { env: { ...process.env, PGCONNECT_TIMEOUT: "10" }, timeout: 30_000 },
  );
  return stdout
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => line.split("|"));
}
