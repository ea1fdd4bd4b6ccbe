/**
 * Four engine workers on one 100-item batch at the same time, with planned failures. On
 * PostgreSQL each worker has its own Database (its own connection pool, as separate
 * processes would), so claims and completions really race; on PGlite they interleave on
 * the one connection.
 *
 * Exactly-once means: every provider call is accounted for (completed items + failed
 * attempts), every completed item has exactly one conversation, and nothing else does.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatch } from "@/lib/batch/create-batch";
import { loadCheckpoint } from "@/lib/batch/checkpoint";
import { getBatch } from "@/lib/batch/batch-queries";
import { BatchWorker } from "@/lib/batch/worker/batch-worker";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, countRows, itemSnapshot, topics } from "./support";

const USER = randomUUID();
const ITEMS = 100;
const WORKERS = 4;
const MAX_ATTEMPTS = 3;

// Topic n: every 10th (n = 3, 13, ...) fails once then succeeds; n = 7, 32, 57, 82 always fail.
const flaky = (topic: string) => Number(topic.split(" ")[1]) % 10 === 3;
const doomed = (topic: string) => [7, 32, 57, 82].includes(Number(topic.split(" ")[1]));

let db: TestDatabase;
const extraDatabases: Database[] = [];

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const extra of extraDatabases) await extra.close();
  await db?.close();
  errorLogger.setMinLevel("debug");
});

/** One Database per worker on PostgreSQL (separate pools: a real race); the shared one on PGlite. */
async function runnerDatabase(): Promise<Database> {
  if (!db.connectionUrl) return db;
  const own = await createDatabase({ databaseUrl: db.connectionUrl, migrate: false, postgres: { max: 4 } });
  extraDatabases.push(own);
  return own;
}

describe(`${WORKERS} concurrent workers on one ${ITEMS}-item batch`, () => {
  it("complete every item exactly once, account for every provider call and finish the job", async () => {
    const { jobId } = await createBatch({ db, userId: USER, name: "Race", items: topics(ITEMS) });
    const generator = new ScriptedGenerator({
      latencyMs: 2,
      failuresFor: (topic) => (doomed(topic) ? Infinity : flaky(topic) ? 1 : 0),
    });

    const databases = await Promise.all(Array.from({ length: WORKERS }, () => runnerDatabase()));
    const outcomes = { completed: 0, failed: 0 };
    const workers = databases.map(
      (workerDb) =>
        new BatchWorker({
          db: workerDb,
          budget: { ratePerMinute: 100_000, maxInFlight: 12, windowMs: 61_000 },
          leaseMs: 5_000,
          idlePollMs: 20,
          busyPollMs: 5,
          settleIntervalMs: 100,
          retryDelaysMs: [0],
          maxAttempts: MAX_ATTEMPTS,
          generatorFor: () => generator,
          onOutcome: ({ outcome }) => {
            if (outcome === "completed") outcomes.completed += 1;
            if (outcome === "failed") outcomes.failed += 1;
          },
        }),
    );
    try {
      await Promise.all(workers.map((worker) => worker.start()));
      const deadline = Date.now() + 60_000;
      while ((await getBatch({ db, userId: USER, jobId })).job.status !== "completed_with_errors") {
        if (Date.now() > deadline) throw new Error("the batch did not finish");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.stop(2_000)));
    }

    const items = await itemSnapshot(db, jobId);
    const completed = items.filter((item) => item.status === "completed");
    const failed = items.filter((item) => item.status === "failed");
    expect(completed).toHaveLength(ITEMS - 4);
    expect(failed.map((item) => item.topic).sort()).toEqual(["Topic 32", "Topic 57", "Topic 7", "Topic 82"]);
    expect(items.every((item) => item.status === "completed" || item.status === "failed")).toBe(true);

    // Exactly one conversation per completed item, none for failed ones, none elsewhere.
    expect(completed.every((item) => item.conversations === 1)).toBe(true);
    expect(failed.every((item) => item.conversations === 0)).toBe(true);
    const conversations = await countRows(
      db,
      "select count(*)::int as n from public.conversations where user_id = $1",
      [USER],
    );
    expect(conversations).toBe(completed.length);
    const turns = await countRows(db, "select count(*)::int as n from public.conversation_turns where user_id = $1", [
      USER,
    ]);
    expect(turns).toBe(completed.length * 2);

    // Provider calls = completed items + failed attempts; each call was one claimed attempt.
    expect(generator.calls).toBe(completed.length + generator.failures);
    expect(generator.failures).toBe(10 + 4 * MAX_ATTEMPTS);
    expect(items.reduce((sum, item) => sum + item.attempts, 0)).toBe(generator.calls);
    expect(failed.every((item) => item.attempts === MAX_ATTEMPTS)).toBe(true);
    expect(items.filter((item) => flaky(item.topic)).every((item) => item.attempts === 2)).toBe(true);

    // The workers' own accounts agree with the database.
    expect(outcomes.completed).toBe(completed.length);
    expect(outcomes.failed).toBe(generator.failures);

    // Completion marked the job and removed its checkpoint.
    const [job] = await db.query<{
      status: string;
      completed_count: number;
      failed_count: number;
      completed_at: Date | null;
    }>("select status, completed_count, failed_count, completed_at from public.batch_jobs where id = $1", [jobId]);
    expect(job).toMatchObject({ status: "completed_with_errors", completed_count: ITEMS - 4, failed_count: 4 });
    expect(job?.completed_at).not.toBeNull();
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
  });
});
