/**
 * `npm run export` as an operator meets it: a JSONL file of every conversation, a split zip
 * with the dataset card, bad usage, and the embedded database the app holds (refused, never
 * opened twice). Real child processes on a real PGlite data dir in a temp directory; this
 * file does not depend on TEST_DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { seedConversation } from "../routes/seed";

const CHILD_TIMEOUT_MS = 120_000;
const USER = randomUUID();
let tempDir: string;
let dataDir: string;
let db: Database | undefined;

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "tds-export-cli-"));
  dataDir = path.join(tempDir, "pglite");
  db = await createDatabase({ pgliteDir: dataDir });
  for (let i = 0; i < 10; i++) await seedConversation(db, { userId: USER, title: `Conversation ${i}`, turns: 2 });
  // Another user's conversation must never appear in this user's export.
  await seedConversation(db, { userId: randomUUID(), title: "Someone else's", turns: 2 });
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
  errorLogger.setMinLevel("debug");
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/export.ts", ...args], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run export", () => {
  it(
    "refuses while another process holds the embedded database, then writes JSONL and a split zip of only the user's conversations",
    async () => {
      const out = path.join(tempDir, "data.jsonl");
      const locked = await runCli(["--format", "messages", "--out", out, "--user", USER]);
      expect(locked.code).toBe(2);
      expect(`${locked.stdout}${locked.stderr}`).toContain(`in use by pid ${process.pid}`);
      expect(fs.existsSync(out)).toBe(false);

      await db?.close();
      db = undefined;
      const written = await runCli(["--format", "messages", "--out", out, "--user", USER]);
      expect(written.code, written.stderr).toBe(0);
      const lines = fs.readFileSync(out, "utf8").trim().split("\n");
      expect(lines).toHaveLength(10);
      for (const line of lines) {
        const example = JSON.parse(line) as { messages: { role: string; content: string }[] };
        expect(example.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      }
      expect(fs.readFileSync(out, "utf8")).not.toContain("Someone else");
      expect(fs.existsSync(`${out}.partial`)).toBe(false);

      const zip = path.join(tempDir, "split.zip");
      const split = await runCli([
        "--format",
        "sharegpt",
        "--out",
        zip,
        "--split",
        "20",
        "--seed",
        "7",
        "--user",
        USER,
      ]);
      expect(split.code, split.stderr).toBe(0);
      const files = unzipSync(fs.readFileSync(zip));
      expect(Object.keys(files).sort()).toEqual(["README.md", "train.jsonl", "validation.jsonl"]);
      const count = (name: string) =>
        strFromU8(files[name] as Uint8Array)
          .trim()
          .split("\n")
          .filter(Boolean).length;
      expect(count("train.jsonl")).toBe(8);
      expect(count("validation.jsonl")).toBe(2);
      expect(strFromU8(files["README.md"] as Uint8Array)).toMatch(/seed/i);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    "explains its usage and exits 2 on bad arguments, writing nothing",
    async () => {
      const noZip = await runCli([
        "--format",
        "messages",
        "--out",
        path.join(tempDir, "x.jsonl"),
        "--split",
        "10",
        "--user",
        USER,
      ]);
      expect(noZip.code).toBe(2);
      expect(noZip.stderr).toMatch(/\.zip/);
      const badFormat = await runCli(["--format", "csv", "--out", path.join(tempDir, "y.jsonl")]);
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toMatch(/usage: npm run export/);
      expect(fs.existsSync(path.join(tempDir, "x.jsonl"))).toBe(false);
    },
    CHILD_TIMEOUT_MS,
  );
});
