/**
 * `npm run batch` as an operator meets it: bad usage, an embedded database the app holds
 * (refused with the lock's message, never opened twice), resuming a paused batch while the
 * app is down (the command runs it), and resuming a finished batch.
 * Real child processes on a real PGlite data dir in a temp directory; this file does not
 * depend on TEST_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatch } from "@/lib/batch/create-batch";
import { getBatch } from "@/lib/batch/batch-queries";
import { pauseBatch } from "@/lib/batch/control";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { itemSnapshot, topics } from "./support";

// Starting `npx tsx` (and opening PGlite on disk) takes seconds on a busy machine.
const CHILD_TIMEOUT_MS = 120_000;
const USER = randomUUID();
let tempDir: string;
let dataDir: string;
let db: Database | undefined;

beforeAll(() => {
  errorLogger.setMinLevel("error");
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-batch-cli-"));
  dataDir = path.join(tempDir, "pglite");
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
  errorLogger.setMinLevel("debug");
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/batch.ts", ...args], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "", GENERATION_LATENCY_MS: "0", GENERATION_FAULTS: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

type CliEvent = {
  event: string;
  code?: string;
  message?: string;
  outcome?: string;
  status?: string;
  runHere?: boolean;
};

function eventsOf(stdout: string): CliEvent[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as CliEvent);
}

describe("npm run batch", () => {
  it(
    "explains its usage and exits 2 on bad arguments",
    async () => {
      const result = await runCli(["resume", "not-a-uuid"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("<jobId> must be the batch's UUID");
      expect(result.stderr).toContain("usage: npm run batch -- resume <jobId>");
      const removed = await runCli(["run", randomUUID()]);
      expect(removed.code).toBe(2);
      expect(removed.stderr).toContain('unknown command "run"');
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    "refuses an embedded database another process holds; with the app down it resumes a paused batch and runs it to the end here",
    async () => {
      db = await createDatabase({ pgliteDir: dataDir });
      const { jobId } = await createBatch({ db, userId: USER, items: topics(3) });
      await pauseBatch({ db, userId: USER, jobId });

      const locked = await runCli(["resume", jobId, "--user", USER]);
      expect(locked.code).toBe(2);
      expect(locked.stdout).toContain(`is in use by pid ${process.pid}`);
      expect(locked.stdout).toMatch(/HTTP API.*DATABASE_URL/s);
      expect((await itemSnapshot(db, jobId)).map((item) => item.status)).toEqual(["pending", "pending", "pending"]);
      expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("paused");

      // The app is down (nothing holds the dir, no worker is alive): the command runs the batch itself.
      await db.close();
      db = undefined;
      const resumed = await runCli(["resume", jobId, "--user", USER, "--json"]);
      expect(resumed.code, resumed.stderr).toBe(0);
      const events = eventsOf(resumed.stdout);
      expect(events.find((event) => event.event === "resumed")).toMatchObject({ runHere: true });
      expect(events.filter((event) => event.event === "progress" && event.outcome === "completed")).toHaveLength(3);
      expect(events.at(-1)).toMatchObject({ event: "done", status: "completed" });

      db = await createDatabase({ pgliteDir: dataDir });
      expect((await itemSnapshot(db, jobId)).map((item) => [item.status, item.attempts, item.conversations])).toEqual([
        ["completed", 1, 1],
        ["completed", 1, 1],
        ["completed", 1, 1],
      ]);
      await db.close();
      db = undefined;

      // Resuming a finished batch is not a failure: it says so and exits 0.
      const again = await runCli(["resume", jobId, "--user", USER, "--json"]);
      expect(again.code).toBe(0);
      expect(eventsOf(again.stdout).at(-1)).toMatchObject({ event: "error", code: "ERR_CONFLICT" });
      expect(eventsOf(again.stdout).at(-1)?.message).toMatch(/already finished/);
    },
    CHILD_TIMEOUT_MS,
  );
});
