/**
 * Four runners on one 100-item batch at the same time, with planned failures. On
 * PostgreSQL each runner has its own Database (its own connection pool), so claims and
 * completions really race; on PGlite they interleave on the one connection.
 *
 * Exactly-once means: every provider call is accounted for (completed items + failed
 * attempts), every completed item has exactly one conversation, and nothing else does.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatch } from "@/lib/batch/create-batch";
import { loadCheckpoint } from "@/lib/batch/checkpoint";
import { runBatch, type RunBatchSummary } from "@/lib/batch/run-batch";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, countRows, itemSnapshot, topics } from "./support";

const USER = randomUUID();
const ITEMS = 100;
const RUNNERS = 4;
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

/** One Database per runner on PostgreSQL (separate pools: a real race); the shared one on PGlite. */
async function runnerDatabase(): Promise<Database> {
  if (!db.connectionUrl) return db;
  const own = await createDatabase({ databaseUrl: db.connectionUrl, migrate: false, postgres: { max: 4 } });
  extraDatabases.push(own);
  return own;
}

describe(`${RUNNERS} concurrent runners on one ${ITEMS}-item batch`, () => {
  it("complete every item exactly once, account for every provider call and finish the job", async () => {
    const { jobId } = await createBatch({ db, userId: USER, name: "Race", items: topics(ITEMS) });
    const generator = new ScriptedGenerator({
      latencyMs: 2,
      failuresFor: (topic) => (doomed(topic) ? Infinity : flaky(topic) ? 1 : 0),
    });

    const databases = await Promise.all(Array.from({ length: RUNNERS }, () => runnerDatabase()));
    const summaries: RunBatchSummary[] = await Promise.all(
      databases.map((runnerDb) =>
        runBatch({
          db: runnerDb,
          userId: USER,
          jobId,
          generator,
          concurrency: 3,
          retryPassDelayMs: 0,
          waitPollMs: 20,
          maxAttempts: MAX_ATTEMPTS,
        }),
      ),
    );

    const items = await itemSnapshot(db, jobId);
    const completed = items.filter((item) => item.status === "completed");
    const failed = items.filter((item) => item.status === "failed");
    expect(completed).toHaveLength(ITEMS - 4);
    expect(failed.map((item) => item.topic).sort()).toEqual(["Topic 32", "Topic 57", "Topic 7", "Topic 82"]);
    expect(items.every((item) => item.status === "completed" || item.status === "failed")).toBe(true);

    // Exactly one conversation per completed item, none for failed ones, none elsewhere.
    expect(completed.every((item) => item.conversations === 1)).toBe(true);
    expect(failed.every((item) => item.conversations === 0)).toBe(true);
    const conversations = await countRows(db, "select count(*)::int as n from public.conversations where user_id = $1", [USER]);
    expect(conversations).toBe(completed.length);
    const turns = await countRows(db, "select count(*)::int as n from public.conversation_turns where user_id = $1", [USER]);
    expect(turns).toBe(completed.length * 2);

    // Provider calls = completed items + failed attempts; each call was one claimed attempt.
    expect(generator.calls).toBe(completed.length + generator.failures);
    expect(generator.failures).toBe(10 + 4 * MAX_ATTEMPTS);
    expect(items.reduce((sum, item) => sum + item.attempts, 0)).toBe(generator.calls);
    expect(failed.every((item) => item.attempts === MAX_ATTEMPTS)).toBe(true);
    expect(items.filter((item) => flaky(item.topic)).every((item) => item.attempts === 2)).toBe(true);

    // The runners' own accounts agree with the database.
    expect(summaries.reduce((sum, s) => sum + s.generated, 0)).toBe(completed.length);
    expect(summaries.reduce((sum, s) => sum + s.failedAttempts, 0)).toBe(generator.failures);

    // Completion marked the job and removed its checkpoint and runner rows.
    const [job] = await db.query<{ status: string; completed_count: number; failed_count: number; completed_at: Date | null }>(
      "select status, completed_count, failed_count, completed_at from public.batch_jobs where id = $1",
      [jobId],
    );
    expect(job).toMatchObject({ status: "completed_with_errors", completed_count: ITEMS - 4, failed_count: 4 });
    expect(job?.completed_at).not.toBeNull();
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
    expect(await countRows(db, "select count(*)::int as n from public.batch_runners where job_id = $1", [jobId])).toBe(0);
    for (const summary of summaries) expect(summary.jobStatus).toBe("completed_with_errors");
  });
});
