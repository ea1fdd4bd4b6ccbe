/**
 * The embedded engine's data dir is one process at a time: PGlite takes no lock itself and
 * two processes on one dir silently lose data. These tests use real processes and real
 * PGlite data dirs (this file does not depend on TEST_DATABASE_URL).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createDatabase } from "@/lib/db/create-database";
import { LOCK_FILE_NAME, acquireDataDirLock, readDataDirLock } from "@/lib/db/data-dir-lock";
import type { Database } from "@/lib/db/types";
import { DatabaseError, ErrorCode } from "@/lib/errors";

const HOLDER_SCRIPT = path.resolve("tests/support/hold-pglite-lock.ts");
// Starting a second Node process (npx tsx) that creates and migrates a database on disk
// takes several seconds on a busy machine.
const CHILD_PROCESS_TIMEOUT_MS = 90_000;
const tempDirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
const openDatabases: Database[] = [];

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-lock-"));
  tempDirs.push(dir);
  return path.join(dir, "pglite");
}

async function open(dataDir: string): Promise<Database> {
  const db = await createDatabase({ pgliteDir: dataDir });
  openDatabases.push(db);
  return db;
}

interface Holder {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  exited: Promise<void>;
}

/** Starts a separate process (npx tsx) that opens dataDir, writes a row and keeps it open. */
async function startHolder(dataDir: string): Promise<Holder> {
  const child = spawn("npx", ["tsx", HOLDER_SCRIPT, dataDir], { cwd: process.cwd(), stdio: "pipe" });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const lines = readline.createInterface({ input: child.stdout });
  const pid = await new Promise<number>((resolve, reject) => {
    lines.on("line", (line) => {
      try {
        const message = JSON.parse(line) as { pid?: number; ready?: boolean };
        if (message.ready && typeof message.pid === "number") resolve(message.pid);
      } catch {
        // Not our status line (npx may print notices).
      }
    });
    child.once("exit", (code) => reject(new Error(`lock holder exited early (code ${code}): ${stderr}`)));
  });
  return { child, pid, exited };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A pid that certainly belonged to a process which has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (pid === undefined) throw new Error("could not spawn a process");
  return pid;
}

async function expectLocked(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  expect((error as DatabaseError).code).toBe(ErrorCode.DB_LOCKED);
  return error as DatabaseError;
}

afterEach(async () => {
  for (const db of openDatabases.splice(0)) await db.close();
});

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("PGlite data dir lock", () => {
  it(
    "refuses a second process with a message naming the holder and what to do, and takes over once the holder is killed",
    async () => {
      const dataDir = tempDataDir();
      const holder = await startHolder(dataDir);

      const error = await expectLocked(open(dataDir));
      expect(error.message).toContain(`pid ${holder.pid}`);
      expect(error.message).toContain(path.resolve(dataDir));
      expect(error.message).toMatch(/stop that process/i);
      expect(error.message).toMatch(/HTTP API/);
      expect(error.message).toContain("DATABASE_URL");
      expect(error.context).toMatchObject({ holderPid: holder.pid });

      // A crash (SIGKILL) cannot release the lock: the next opener finds the holder dead.
      process.kill(holder.pid, "SIGKILL");
      await holder.exited;
      expect(readDataDirLock(dataDir)?.pid).toBe(holder.pid);

      const db = await open(dataDir);
      expect(readDataDirLock(dataDir)?.pid).toBe(process.pid);
      // What the holder committed before it died is still there.
      const rows = await db.query<{ error_id: string }>(`select error_id from public.error_logs`);
      expect(rows.map((r) => r.error_id)).toEqual([`holder_${holder.pid}`]);
    },
    CHILD_PROCESS_TIMEOUT_MS,
  );

  it(
    "is released when the holding process exits without closing the database",
    async () => {
      const dataDir = tempDataDir();
      const holder = await startHolder(dataDir);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);

      holder.child.stdin.write("exit\n");
      await holder.exited;

      expect(isAlive(holder.pid)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
      const db = await open(dataDir);
      expect(await db.query(`select count(*)::int as n from public.error_logs`)).toEqual([{ n: 1 }]);
    },
    CHILD_PROCESS_TIMEOUT_MS,
  );

  it("takes over a lock left by a process that no longer exists, once it has gone unrefreshed for three intervals", async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const pid = await deadPid();
    const stale = {
      pid,
      hostname: os.hostname(),
      since: "2020-01-01T00:00:00.000Z",
      program: "next",
      token: "old",
      refreshMs: 100,
    };
    fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(stale));

    const started = Date.now();
    const lock = await acquireDataDirLock(dataDir);
    // Freshly written, so it was watched for a window (3 x 100 ms) before the takeover.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(readDataDirLock(dataDir)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    lock.release();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it("keeps refusing while a live process holds the lock, and never deletes that lock", async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    // The test runner's parent process is alive for the whole test.
    const live = {
      pid: process.ppid,
      hostname: os.hostname(),
      since: new Date().toISOString(),
      program: "next",
      token: "t",
    };
    const lockFile = path.join(dataDir, LOCK_FILE_NAME);
    fs.writeFileSync(lockFile, JSON.stringify(live));

    await expectLocked(open(dataDir));
    await expectLocked(acquireDataDirLock(dataDir));
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8"))).toEqual(live);
  });

  it("a restarted container (new hostname) takes over a stale lock at once, but not one a live holder keeps refreshing", async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const lockFile = path.join(dataDir, LOCK_FILE_NAME);
    const oldContainer = {
      pid: 1,
      hostname: `old-${os.hostname()}`,
      since: "2026-01-01T00:00:00.000Z",
      program: "next",
      token: "t",
      refreshMs: 2_000,
    };
    fs.writeFileSync(lockFile, JSON.stringify(oldContainer));
    // Last refreshed a minute ago: three intervals have long passed.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, aMinuteAgo, aMinuteAgo);
    const lock = await acquireDataDirLock(dataDir);
    expect(readDataDirLock(dataDir)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    lock.release();

    // Another host's holder that keeps refreshing is alive, whatever its pid looks like from here.
    const liveElsewhere = { ...oldContainer, refreshMs: 100, token: "live" };
    fs.writeFileSync(lockFile, JSON.stringify(liveElsewhere));
    const heartbeat = setInterval(() => {
      const now = new Date();
      fs.utimesSync(lockFile, now, now);
    }, 50);
    try {
      const error = await expectLocked(acquireDataDirLock(dataDir));
      expect(error.message).toContain(`old-${os.hostname()}`);
      expect(readDataDirLock(dataDir)).toMatchObject({ token: "live" });
    } finally {
      clearInterval(heartbeat);
    }
  });

  it("two containers sharing a hostname and a pid never both open the directory", async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const lockFile = path.join(dataDir, LOCK_FILE_NAME);
    // The other container's process has our hostname and our pid (both pid 1, say), and is alive: it refreshes.
    const twin = {
      pid: process.pid,
      hostname: os.hostname(),
      since: new Date().toISOString(),
      program: "next",
      token: "twin",
      refreshMs: 100,
    };
    fs.writeFileSync(lockFile, JSON.stringify(twin));
    const heartbeat = setInterval(() => {
      const now = new Date();
      fs.utimesSync(lockFile, now, now);
    }, 50);
    try {
      await expectLocked(acquireDataDirLock(dataDir));
      expect(readDataDirLock(dataDir)).toMatchObject({ token: "twin" });
    } finally {
      clearInterval(heartbeat);
    }
  });

  it("keeps its own lock fresh while it holds it", async () => {
    const dataDir = tempDataDir();
    const lock = await acquireDataDirLock(dataDir, { refreshMs: 100 });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock.lockFile, old, old);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Date.now() - fs.statSync(lock.lockFile).mtimeMs).toBeLessThan(1_000);
    lock.release();
    expect(fs.existsSync(lock.lockFile)).toBe(false);
  });

  it("refuses a second open in the same process and allows it again after close", async () => {
    const dataDir = tempDataDir();
    const first = await open(dataDir);
    await first.query(`insert into public.error_logs (error_id, level, message) values ('first', 'info', 'x')`);

    const error = await expectLocked(open(dataDir));
    expect(error.message).toMatch(/already open in this process/);

    await first.close();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const second = await open(dataDir);
    expect(await second.query(`select error_id from public.error_logs`)).toEqual([{ error_id: "first" }]);
  });

  it("release() never removes a lock that another opener has taken since", async () => {
    const dataDir = tempDataDir();
    const lock = await acquireDataDirLock(dataDir);
    const replacement = { pid: process.ppid, hostname: os.hostname(), since: "now", program: "other", token: "theirs" };
    fs.writeFileSync(lock.lockFile, JSON.stringify(replacement));

    lock.release();
    expect(readDataDirLock(dataDir)).toMatchObject({ token: "theirs" });
  });
});
