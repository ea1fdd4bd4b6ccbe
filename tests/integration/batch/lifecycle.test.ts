/**
 * The life of batch items through the services, on the real database: leases, retries up
 * to the cap, completion and its clean-up, discarding, heartbeats, settings changes.
 * Time passing (a lease running out) is simulated by moving lease_until into the past
 * with SQL, so nothing here depends on the clock.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatch, listBatches } from "@/lib/batch/batch-queries";
import { getIncompleteCheckpoints, loadCheckpoint, saveCheckpoint } from "@/lib/batch/checkpoint";
import { claimItem } from "@/lib/batch/claim-item";
import { completeItem } from "@/lib/batch/complete-item";
import { createBatch } from "@/lib/batch/create-batch";
import { discardBatch } from "@/lib/batch/discard-batch";
import { failItem } from "@/lib/batch/fail-item";
import { generateItemOnce } from "@/lib/batch/generate-item";
import { finalizeBatch } from "@/lib/batch/leases";
import { retryFailedItems } from "@/lib/batch/retry-failed-items";
import { heartbeat, releaseRunner } from "@/lib/batch/runners";
import { updateBatchConfig } from "@/lib/batch/update-batch";
import { AppError, ErrorCode, errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, authError, countRows, itemSnapshot, rateLimitError, topics } from "./support";

let db: TestDatabase;
const USER = randomUUID();
const RUNNER_A = randomUUID();
const RUNNER_B = randomUUID();
const conversation = {
  title: "A title",
  turns: [
    { role: "user" as const, content: "Hello" },
    { role: "assistant" as const, content: "Hi there" },
  ],
};

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
  errorLogger.setMinLevel("debug");
});

async function newBatch(count: number, prefix = "Topic") {
  const { jobId } = await createBatch({ db, userId: USER, items: topics(count, prefix) });
  const items = await itemSnapshot(db, jobId);
  return { jobId, itemIds: items.map((item) => item.id) };
}

async function expireLeases(jobId: string): Promise<void> {
  await db.query("update public.batch_items set lease_until = now() - interval '1 second' where job_id = $1 and status = 'running'", [jobId]);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

const conversationsOf = (jobId: string) =>
  countRows(db, "select count(*)::int as n from public.conversations where batch_job_id = $1", [jobId]);

describe("claims and leases", () => {
  it("gives a live lease to one runner only", async () => {
    const { jobId, itemIds } = await newBatch(2);
    const itemId = itemIds[0] as string;
    const first = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    expect(first).toMatchObject({ attempt: 1, previousStatus: "pending", item: { status: "running", leaseOwner: RUNNER_A } });
    expect(await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_B, itemId })).toBeNull();

    const generator = new ScriptedGenerator();
    const conflict = await rejection(generateItemOnce({ db, userId: USER, jobId, itemId, runnerId: RUNNER_B, generator }));
    expect(conflict.code).toBe(ErrorCode.CONFLICT);
    expect(conflict.message).toMatch(/another runner/);
    expect(generator.calls).toBe(0);

    // Without an item id, runner B gets the next claimable item instead.
    const next = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_B });
    expect(next?.item.id).toBe(itemIds[1]);
  });

  it("resumes a paused job: its items can be claimed and the job runs again", async () => {
    const { jobId, itemIds } = await newBatch(2);
    await db.query("update public.batch_jobs set status = 'paused' where id = $1", [jobId]);
    const claimed = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId: itemIds[0] });
    expect(claimed?.item.status).toBe("running");
    const [job] = await db.query<{ status: string }>("select status from public.batch_jobs where id = $1", [jobId]);
    expect(job?.status).toBe("running");
  });

  it("reclaims an item whose lease expired; the old runner can then save nothing", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    const stale = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    await expireLeases(jobId);

    const fresh = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_B, itemId });
    expect(fresh).toMatchObject({ attempt: 2, previousStatus: "running", item: { leaseOwner: RUNNER_B } });

    const lost = await rejection(
      completeItem({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, attempt: stale?.attempt ?? 0, conversation }),
    );
    expect(lost.code).toBe(ErrorCode.CONFLICT);
    expect(await conversationsOf(jobId)).toBe(0);
    const lostFailure = await rejection(
      failItem({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, attempt: stale?.attempt ?? 0, error: new Error("late") }),
    );
    expect(lostFailure.code).toBe(ErrorCode.CONFLICT);
    expect((await itemSnapshot(db, jobId))[0]).toMatchObject({ status: "running", lease_owner: RUNNER_B });

    await completeItem({ db, userId: USER, jobId, itemId, runnerId: RUNNER_B, attempt: 2, conversation });
    expect(await conversationsOf(jobId)).toBe(1);
    expect((await itemSnapshot(db, jobId))[0]).toMatchObject({ status: "completed", attempts: 2, conversations: 1 });
  });

  it("fences a takeover by the same runner id with the attempt number", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    await expireLeases(jobId);
    const again = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    expect(again?.attempt).toBe(2);
    const lost = await rejection(completeItem({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, attempt: 1, conversation }));
    expect(lost.code).toBe(ErrorCode.CONFLICT);
    expect(await conversationsOf(jobId)).toBe(0);
  });

  it("settles an abandoned last attempt as failed so the batch can finish", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    await db.query("update public.batch_items set attempts = 2 where id = $1", [itemId]);
    await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    await expireLeases(jobId);
    expect(await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_B, itemId })).toBeNull();

    expect(await finalizeBatch({ db, userId: USER, jobId })).toBe("completed_with_errors");
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "failed", attempts: 3, lease_owner: null });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
  });
});

describe("generateItemOnce", () => {
  it("generates once; a completed item returns its conversation without calling the provider", async () => {
    const { jobId, itemIds } = await newBatch(2);
    const itemId = itemIds[0] as string;
    const generator = new ScriptedGenerator();
    const first = await generateItemOnce({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, generator });
    expect(first).toMatchObject({ alreadyCompleted: false, item: { status: "completed", attempts: 1 } });
    expect(first.conversation?.turns).toHaveLength(2);
    expect(first.conversation?.title).toBe("About Topic 1");

    const again = await generateItemOnce({ db, userId: USER, jobId, itemId, runnerId: RUNNER_B, generator });
    expect(again.alreadyCompleted).toBe(true);
    expect(again.conversation?.id).toBe(first.conversation?.id);
    expect(again.conversation?.turns.map((turn) => turn.content)).toEqual(first.conversation?.turns.map((turn) => turn.content));
    expect(generator.calls).toBe(1);
    expect(await conversationsOf(jobId)).toBe(1);
  });

  it("retries a failed item up to the cap, then it stays failed and the job completes with errors", async () => {
    const { jobId, itemIds } = await newBatch(2);
    const [okId, badId] = itemIds as [string, string];
    const generator = new ScriptedGenerator({ failuresFor: (topic) => (topic === "Topic 2" ? Infinity : 0) });
    await generateItemOnce({ db, userId: USER, jobId, itemId: okId, runnerId: RUNNER_A, generator });

    for (const attempt of [1, 2, 3]) {
      const error = await rejection(generateItemOnce({ db, userId: USER, jobId, itemId: badId, runnerId: RUNNER_A, generator }));
      expect(error.code).toBe(ErrorCode.GEN_PROVIDER_ERROR);
      const item = (await getBatch({ db, userId: USER, jobId })).items[1];
      expect(item).toMatchObject({ status: "failed", attempts: attempt, leaseOwner: null });
      expect(item?.lastError).toMatchObject({ code: ErrorCode.GEN_PROVIDER_ERROR, retryable: true });
      expect(item?.lastError?.errorId).toMatch(/^err_/);
      // Before the cap the checkpoint stays, promising a retry; at the cap the job is done.
      const checkpoint = await loadCheckpoint({ db, userId: USER, jobId });
      if (attempt < 3) expect(checkpoint?.failedItems).toEqual([expect.objectContaining({ itemId: badId, willRetry: true, attempts: attempt })]);
      else expect(checkpoint).toBeNull();
    }

    const outOfAttempts = await rejection(generateItemOnce({ db, userId: USER, jobId, itemId: badId, runnerId: RUNNER_A, generator }));
    expect(outOfAttempts.code).toBe(ErrorCode.CONFLICT);
    expect(outOfAttempts.message).toMatch(/Item 2 .* all 3 attempts/);
    expect(generator.calls).toBe(4);

    const { job, progress } = await getBatch({ db, userId: USER, jobId });
    expect(job.status).toBe("completed_with_errors");
    expect(progress).toEqual({ totalItems: 2, completedItems: 1, failedItems: 1, pendingItems: 0, progressPercentage: 100 });
    expect(await conversationsOf(jobId)).toBe(1);
  });

  it("records a rate limit with its Retry-After and rethrows it classified", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const generator = new ScriptedGenerator({ failuresFor: () => 1, errorFor: () => rateLimitError(12) });
    const error = await rejection(
      generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator }),
    );
    expect(error).toMatchObject({ code: ErrorCode.GEN_RATE_LIMIT, retryAfter: 12, httpStatus: 429 });
    const [item] = (await getBatch({ db, userId: USER, jobId })).items;
    expect(item?.lastError).toMatchObject({ code: ErrorCode.GEN_RATE_LIMIT, retryAfter: 12, retryable: true });
    expect(item?.lastError?.message).toMatch(/rate limit/i);
  });

  it("keeps a permanently failed item open for a resume while attempts remain", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const generator = new ScriptedGenerator({ failuresFor: () => 1, errorFor: () => authError() });
    const error = await rejection(
      generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator }),
    );
    expect(error.code).toBe(ErrorCode.GEN_AUTH_FAILED);
    const [incomplete] = (await getIncompleteCheckpoints({ db, userId: USER })).filter((entry) => entry.jobId === jobId);
    expect(incomplete).toMatchObject({ retryableFailedItems: 1, exhaustedFailedItems: 0, progress: { failedItems: 1 } });
  });

  it("saves nothing when the batch is discarded while its item is being generated", async () => {
    const { jobId, itemIds } = await newBatch(2);
    const itemId = itemIds[0] as string;
    const claim = await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId });
    await discardBatch({ db, userId: USER, jobId });
    const error = await rejection(
      completeItem({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, attempt: claim?.attempt ?? 0, conversation }),
    );
    expect(error.code).toBe(ErrorCode.GONE);
    expect(await conversationsOf(jobId)).toBe(0);
    const gone = await rejection(generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[1] as string, runnerId: RUNNER_A }));
    expect(gone.code).toBe(ErrorCode.GONE);
  });
});

describe("completion", () => {
  it("marks the job completed, keeps its final counters and deletes the checkpoint with the last item", async () => {
    const { jobId, itemIds } = await newBatch(3);
    const generator = new ScriptedGenerator();
    expect((await loadCheckpoint({ db, userId: USER, jobId }))?.totalItems).toBe(3);
    for (const [index, itemId] of itemIds.entries()) {
      await generateItemOnce({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, generator });
      const checkpoint = await loadCheckpoint({ db, userId: USER, jobId });
      if (index < 2) {
        expect(checkpoint?.completedItems).toEqual(itemIds.slice(0, index + 1));
        expect(checkpoint?.progressPercentage).toBe(Math.floor(((index + 1) * 100) / 3));
      } else {
        expect(checkpoint).toBeNull();
      }
    }
    const { job } = await getBatch({ db, userId: USER, jobId });
    expect(job.status).toBe("completed");
    expect(job.completedAt).not.toBeNull();
    const listed = (await listBatches({ db, userId: USER })).find((entry) => entry.id === jobId);
    expect(listed).toMatchObject({ completedItems: 3, failedItems: 0, progress: { progressPercentage: 100 } });
    expect((await getIncompleteCheckpoints({ db, userId: USER })).map((entry) => entry.jobId)).not.toContain(jobId);
    expect(await saveCheckpoint({ db, userId: USER, jobId })).toBeNull();
  });

  it("reopens a finished batch for 'Retry failed items' with fresh attempts", async () => {
    const { jobId, itemIds } = await newBatch(2);
    const generator = new ScriptedGenerator({ failuresFor: (topic) => (topic === "Topic 1" ? 3 : 0) });
    await generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[1] as string, runnerId: RUNNER_A, generator });
    for (let i = 0; i < 3; i++) {
      await rejection(generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator }));
    }
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed_with_errors");

    expect(await retryFailedItems({ db, userId: USER, jobId })).toEqual({ jobId, retried: 1, status: "pending" });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toMatchObject({ completedItems: [itemIds[1]], failedItems: [] });
    const result = await generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator });
    expect(result.item).toMatchObject({ status: "completed", attempts: 1 });
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed");
    expect(await conversationsOf(jobId)).toBe(2);
  });
});

describe("discard", () => {
  it("cancels the job, removes the checkpoint, keeps finished conversations, and is idempotent", async () => {
    const { jobId, itemIds } = await newBatch(3);
    await generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator: new ScriptedGenerator() });
    await discardBatch({ db, userId: USER, jobId });
    await discardBatch({ db, userId: USER, jobId });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
    const listed = (await listBatches({ db, userId: USER })).find((entry) => entry.id === jobId);
    expect(listed).toMatchObject({ status: "cancelled", completedItems: 1 });
    expect(await conversationsOf(jobId)).toBe(1);
    expect((await rejection(heartbeat({ db, userId: USER, jobId, runnerId: RUNNER_A }))).code).toBe(ErrorCode.GONE);
    expect((await rejection(updateBatchConfig({ db, userId: USER, jobId, config: {} }))).code).toBe(ErrorCode.GONE);
  });

  it("refuses to discard a finished batch", async () => {
    const { jobId, itemIds } = await newBatch(1);
    await generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator: new ScriptedGenerator() });
    expect((await rejection(discardBatch({ db, userId: USER, jobId }))).code).toBe(ErrorCode.CONFLICT);
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed");
  });
});

describe("heartbeats and 'running elsewhere'", () => {
  it("is true for other tabs while a runner lives, false for the runner itself and after it stops", async () => {
    const { jobId } = await newBatch(2);
    const entry = async (runnerId?: string) =>
      (await getIncompleteCheckpoints({ db, userId: USER, runnerId })).find((candidate) => candidate.jobId === jobId);
    expect((await entry())?.runningElsewhere).toBe(false);

    await heartbeat({ db, userId: USER, jobId, runnerId: RUNNER_A });
    expect((await entry())?.runningElsewhere).toBe(true);
    expect((await entry(RUNNER_B))?.runningElsewhere).toBe(true);
    expect((await entry(RUNNER_A))?.runningElsewhere).toBe(false);

    // The runner stops sending heartbeats: once its last one runs out, it is no longer live.
    await db.query("update public.batch_runners set heartbeat_until = now() - interval '1 second' where job_id = $1", [jobId]);
    expect((await entry())?.runningElsewhere).toBe(false);

    await heartbeat({ db, userId: USER, jobId, runnerId: RUNNER_A });
    await releaseRunner({ db, userId: USER, jobId, runnerId: RUNNER_A });
    expect((await entry())?.runningElsewhere).toBe(false);
  });

  it("keeps no item lease alive: an item whose generation died is claimable once its lease runs out", async () => {
    // The runner lives on (a tab whose generate request died with a restarting server, or
    // a process whose save failed) and keeps sending heartbeats; only the generation itself
    // renews its lease, so the orphaned item is not held forever by its own runner.
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    expect(await claimItem({ db, userId: USER, jobId, runnerId: RUNNER_A, itemId })).not.toBeNull();
    await heartbeat({ db, userId: USER, jobId, runnerId: RUNNER_A });
    await expireLeases(jobId);
    await heartbeat({ db, userId: USER, jobId, runnerId: RUNNER_A });
    const reclaimed = await generateItemOnce({ db, userId: USER, jobId, itemId, runnerId: RUNNER_A, generator: new ScriptedGenerator() });
    expect(reclaimed.item).toMatchObject({ status: "completed", attempts: 2 });
  });
});

describe("modify settings", () => {
  it("replaces the config and keeps what it replaced, with how many items it had made", async () => {
    const { jobId, itemIds } = await newBatch(3);
    await updateBatchConfig({ db, userId: USER, jobId, config: { provider: "offline", temperature: 0.2 } });
    await generateItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, runnerId: RUNNER_A, generator: new ScriptedGenerator() });
    const job = await updateBatchConfig({ db, userId: USER, jobId, config: { provider: "offline", temperature: 0.9, model: "m-2" } });
    expect(job.config).toEqual({ provider: "offline", temperature: 0.9, model: "m-2" });
    expect(job.configHistory).toEqual([
      { config: {}, replacedAt: expect.any(String), completedItems: 0 },
      { config: { provider: "offline", temperature: 0.2 }, replacedAt: expect.any(String), completedItems: 1 },
    ]);
    // The same config again is not a change.
    expect((await updateBatchConfig({ db, userId: USER, jobId, config: job.config })).configHistory).toHaveLength(2);

    const [entry] = (await getIncompleteCheckpoints({ db, userId: USER })).filter((candidate) => candidate.jobId === jobId);
    expect(entry).toMatchObject({ config: job.config, previousConfig: { provider: "offline", temperature: 0.2 } });

    const bad = await rejection(updateBatchConfig({ db, userId: USER, jobId, config: { temperature: 2 } }));
    expect(bad.code).toBe(ErrorCode.VAL_INVALID_INPUT);
  });
});
