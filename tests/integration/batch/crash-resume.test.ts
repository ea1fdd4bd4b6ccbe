/**
 * A runner killed with SIGKILL mid-batch, then a resume: every item ends completed exactly
 * once. The runner is a real child process (`npx tsx scripts/batch.ts run`, the operator's
 * command) with a slow offline provider, killed after some items were saved.
 *
 * On PGlite the child owns the data dir (a temp dir) while it runs; the test opens the dir
 * only after the kill, taking over the lock the dead child left behind. On PostgreSQL the
 * child connects to this test's database with DATABASE_URL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatch } from "@/lib/batch/batch-queries";
import { loadCheckpoint } from "@/lib/batch/checkpoint";
import { createBatch } from "@/lib/batch/create-batch";
import { runBatch } from "@/lib/batch/run-batch";
import { createDatabase } from "@/lib/db/create-database";
import { readDataDirLock } from "@/lib/db/data-dir-lock";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, testEngine, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, itemSnapshot, topics } from "./support";

const ITEMS = 30;
const KILL_AFTER = 6;
const LEASE_MS = 1_500;
// Starting `npx tsx` and opening a database on disk takes seconds on a busy machine.
const CHILD_TIMEOUT_MS = 120_000;
const USER = randomUUID();

let testDb: TestDatabase | undefined;
let tempDir: string | undefined;
const children: ChildProcessWithoutNullStreams[] = [];
const opened: Database[] = [];

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  if (testEngine() === "postgres") testDb = await createTestDatabase();
  else tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-batch-crash-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) killGroup(child);
  for (const db of opened) await db.close().catch(() => undefined);
  await testDb?.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  errorLogger.setMinLevel("debug");
});

interface RunnerEvent {
  event: string;
  outcome?: string;
  pid?: number;
  message?: string;
}

/** Starts `npm run batch -- run <jobId>` as the operator would, minus npm. */
function startRunner(jobId: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn(
    "npx",
    ["tsx", "--conditions=react-server", "scripts/batch.ts", "run", jobId, "--user", USER, "--json", "--concurrency", "2", "--lease-ms", String(LEASE_MS)],
    {
      cwd: process.cwd(),
      stdio: "pipe",
      // Its own process group: npx -> tsx -> node are killed together, as a crash would.
      detached: true,
      env: { ...process.env, GENERATION_LATENCY_MS: "150", GENERATION_FAULTS: "", LOG_LEVEL: "error", ...env },
    },
  );
  children.push(child);
  return child;
}

/** Resolves with the child's pid once it has saved `count` items; rejects if it exits first. */
function waitForCompletions(child: ChildProcessWithoutNullStreams, count: number): Promise<number> {
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let completed = 0;
    let pid: number | undefined;
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      let event: RunnerEvent;
      try {
        event = JSON.parse(line) as RunnerEvent;
      } catch {
        return; // npx may print notices
      }
      if (event.event === "start") pid = event.pid;
      if (event.event === "progress" && event.outcome === "completed") completed += 1;
      if (completed >= count && pid !== undefined) resolve(pid);
    });
    child.once("exit", (code, signal) => reject(new Error(`runner exited early (${code ?? signal}): ${stderr}`)));
  });
}

/** SIGKILL to the child's whole process group (npx, tsx and the runner's node process). */
function killGroup(child: ChildProcessWithoutNullStreams): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the killed process is gone and reaped, so its pid no longer answers. */
async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return !isAlive(pid);
}

function exited(child: ChildProcessWithoutNullStreams): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
}

async function open(): Promise<Database> {
  if (testDb) return testDb;
  const db = await createDatabase({ pgliteDir: tempDir as string });
  opened.push(db);
  return db;
}

describe("a runner killed with SIGKILL mid-batch", () => {
  it(
    "leaves every saved item consistent, and a resume completes every item exactly once",
    async () => {
      // Create the batch, then let go of the database: the child must be the one holding it.
      const setup = await open();
      const { jobId } = await createBatch({ db: setup, userId: USER, name: "Crash", items: topics(ITEMS) });
      if (!testDb) {
        await setup.close();
        opened.splice(opened.indexOf(setup), 1);
      }

      const child = startRunner(jobId, testDb ? { DATABASE_URL: testDb.connectionUrl as string } : { PGLITE_DIR: tempDir as string, DATABASE_URL: "" });
      const runnerPid = await waitForCompletions(child, KILL_AFTER);
      killGroup(child);
      expect(await exited(child)).toBe("SIGKILL");
      expect(await waitUntilGone(runnerPid)).toBe(true);

      if (!testDb) {
        // The dead child's lock is still on disk; opening the dir must take it over as stale.
        expect(readDataDirLock(tempDir as string)?.pid).toBe(runnerPid);
      }
      const db = await open();

      // Whatever the kill interrupted: a conversation exists if and only if its item is completed.
      const before = await itemSnapshot(db, jobId);
      const completedBefore = before.filter((item) => item.status === "completed");
      expect(completedBefore.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(completedBefore.length).toBeLessThan(ITEMS);
      for (const item of before) expect(item.conversations).toBe(item.status === "completed" ? 1 : 0);
      const checkpoint = await loadCheckpoint({ db, userId: USER, jobId });
      expect(checkpoint?.completedItems).toHaveLength(completedBefore.length);

      // Resume: items the dead runner still held are reclaimed once its lease runs out.
      const generator = new ScriptedGenerator();
      const summary = await runBatch({ db, userId: USER, jobId, generator, concurrency: 3, waitPollMs: 50, retryPassDelayMs: 0 });

      const after = await itemSnapshot(db, jobId);
      expect(after.every((item) => item.status === "completed" && item.conversations === 1)).toBe(true);
      expect(generator.calls).toBe(ITEMS - completedBefore.length);
      expect(summary).toMatchObject({ jobStatus: "completed", generated: ITEMS - completedBefore.length });
      // Items completed before the crash kept their conversation: none was made again.
      const sameIds = after.filter((item) => completedBefore.some((done) => done.id === item.id));
      expect(sameIds.every((item) => item.attempts === 1)).toBe(true);

      const { job, progress } = await getBatch({ db, userId: USER, jobId });
      expect(job.status).toBe("completed");
      expect(progress).toMatchObject({ completedItems: ITEMS, pendingItems: 0, progressPercentage: 100 });
      expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
    },
    CHILD_TIMEOUT_MS,
  );
});
