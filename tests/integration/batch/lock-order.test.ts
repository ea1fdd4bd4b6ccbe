/**
 * Lock ordering between batch transactions that can overlap on PostgreSQL.
 *
 * completeItem's first statement inserts the conversation, whose foreign key to batch_jobs
 * takes a FOR KEY SHARE lock on the job row; only then does it update the checkpoint.
 * Discard takes the checkpoint first, then the job. If discard locked the job FOR UPDATE
 * (which conflicts with KEY SHARE), a discard landing between those two statements would
 * deadlock with the completion. On PGlite transactions never overlap (one connection), so
 * the same steps run one after the other there.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimItem } from "@/lib/batch/claim-item";
import { createBatch } from "@/lib/batch/create-batch";
import { discardBatch } from "@/lib/batch/discard-batch";
import { recordCheckpoint } from "@/lib/batch/job-progress";
import { createDatabase } from "@/lib/db/create-database";
import type { Database } from "@/lib/db/types";
import { AppError, ErrorCode, errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { countRows, itemSnapshot, topics } from "./support";

const USER = randomUUID();
const RUNNER = randomUUID();

let db: TestDatabase;
let other: Database | undefined;

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  if (db.connectionUrl)
    other = await createDatabase({ databaseUrl: db.connectionUrl, migrate: false, postgres: { max: 2 } });
});

afterAll(async () => {
  await other?.close();
  await db?.close();
  errorLogger.setMinLevel("debug");
});

/** Resolves once `promise` has settled or some session of this database waits on a lock. */
async function settledOrBlocked(database: Database, promise: Promise<unknown>): Promise<void> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) return;
    const [row] = await database.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if (Number(row?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("discard while an item's completion is half-way through its transaction", () => {
  it("goes through, and the completion saves nothing (410) instead of deadlocking", async () => {
    const { jobId } = await createBatch({ db, userId: USER, items: topics(2) });
    const itemId = (await itemSnapshot(db, jobId))[0]?.id as string;
    expect(await claimItem({ db, userId: USER, jobId, workerId: RUNNER, itemId })).not.toBeNull();

    // PGlite runs one transaction at a time: there the discard simply comes first.
    if (!other) await discardBatch({ db, userId: USER, jobId });
    let discard: Promise<void> = Promise.resolve();
    const completion = db.transaction(async (tx) => {
      // completeItem's first statement: the conversation (FK check: FOR KEY SHARE on the job).
      await tx.query(
        `insert into public.conversations (user_id, title, topic, batch_job_id, batch_item_id)
         values ($1, 'Half-saved', 'Topic 1', $2, $3)`,
        [USER, jobId, itemId],
      );
      if (other) {
        discard = discardBatch({ db: other, userId: USER, jobId });
        await settledOrBlocked(other, discard);
      }
      // completeItem's next lock: the checkpoint's counters.
      await recordCheckpoint(tx, { userId: USER, jobId, completedDelta: 1, failedDelta: 0 });
    });

    // Settle the completion first: only then is `discard` the promise it started.
    const [saved] = await Promise.allSettled([completion]);
    const [discarded] = await Promise.allSettled([discard]);
    expect(discarded.status).toBe("fulfilled");
    expect(saved.status).toBe("rejected");
    const error = saved.status === "rejected" ? saved.reason : undefined;
    expect(error instanceof AppError ? error.code : error).toBe(ErrorCode.GONE);
    expect(
      await countRows(db, "select count(*)::int as n from public.conversations where batch_job_id = $1", [jobId]),
    ).toBe(0);
    const [job] = await db.query<{ status: string }>("select status from public.batch_jobs where id = $1", [jobId]);
    expect(job?.status).toBe("cancelled");
  });
});
