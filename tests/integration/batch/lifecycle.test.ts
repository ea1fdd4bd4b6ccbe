/**
 * The life of batch items through the services, on the real database: leases, retries up
 * to the cap, completion and its clean-up, pausing, discarding, settings changes.
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
import { finalizeBatch } from "@/lib/batch/leases";
import { retryFailedItems } from "@/lib/batch/retry-failed-items";
import { pauseBatch, resumeBatch } from "@/lib/batch/control";
import { updateBatchConfig } from "@/lib/batch/update-batch";
import { AppError, ErrorCode, errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, countRows, itemSnapshot, runItemOnce, topics } from "./support";

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
  await db.query(
    "update public.batch_items set lease_until = now() - interval '1 second' where job_id = $1 and status = 'running'",
    [jobId],
  );
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
    const first = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId });
    expect(first).toMatchObject({
      attempt: 1,
      previousStatus: "pending",
      item: { status: "running", leaseOwner: RUNNER_A },
    });
    expect(await claimItem({ db, userId: USER, jobId, workerId: RUNNER_B, itemId })).toBeNull();

    const generator = new ScriptedGenerator();
    expect(await runItemOnce({ db, userId: USER, jobId, itemId, workerId: RUNNER_B, generator })).toBeNull();
    expect(generator.calls).toBe(0);

    // Without an item id, runner B gets the next claimable item instead.
    const next = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_B });
    expect(next?.item.id).toBe(itemIds[1]);
  });

  it("claims nothing of a paused job; resuming it makes its items claimable again", async () => {
    const { jobId, itemIds } = await newBatch(2);
    await pauseBatch({ db, userId: USER, jobId });
    expect(await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId: itemIds[0] })).toBeNull();
    expect((await getIncompleteCheckpoints({ db, userId: USER })).find((entry) => entry.jobId === jobId)).toMatchObject(
      {
        reason: "paused",
        displayStatus: "paused",
      },
    );
    expect(await resumeBatch({ db, userId: USER, jobId })).toMatchObject({ status: "pending" });
    const claimed = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId: itemIds[0] });
    expect(claimed?.item.status).toBe("running");
    const [job] = await db.query<{ status: string }>("select status from public.batch_jobs where id = $1", [jobId]);
    expect(job?.status).toBe("running");
  });

  it("reclaims an item whose lease expired; the old runner can then save nothing", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    const stale = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId });
    await expireLeases(jobId);

    const fresh = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_B, itemId });
    expect(fresh).toMatchObject({ attempt: 2, previousStatus: "running", item: { leaseOwner: RUNNER_B } });

    const lost = await rejection(
      completeItem({ db, userId: USER, jobId, itemId, workerId: RUNNER_A, attempt: stale?.attempt ?? 0, conversation }),
    );
    expect(lost.code).toBe(ErrorCode.CONFLICT);
    expect(await conversationsOf(jobId)).toBe(0);
    const lostFailure = await rejection(
      failItem({
        db,
        userId: USER,
        jobId,
        itemId,
        workerId: RUNNER_A,
        attempt: stale?.attempt ?? 0,
        error: new Error("late"),
      }),
    );
    expect(lostFailure.code).toBe(ErrorCode.CONFLICT);
    expect((await itemSnapshot(db, jobId))[0]).toMatchObject({ status: "running", lease_owner: RUNNER_B });

    await completeItem({ db, userId: USER, jobId, itemId, workerId: RUNNER_B, attempt: 2, conversation });
    expect(await conversationsOf(jobId)).toBe(1);
    expect((await itemSnapshot(db, jobId))[0]).toMatchObject({ status: "completed", attempts: 2, conversations: 1 });
  });

  it("fences a takeover by the same runner id with the attempt number", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId });
    await expireLeases(jobId);
    const again = await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId });
    expect(again?.attempt).toBe(2);
    const lost = await rejection(
      completeItem({ db, userId: USER, jobId, itemId, workerId: RUNNER_A, attempt: 1, conversation }),
    );
    expect(lost.code).toBe(ErrorCode.CONFLICT);
    expect(await conversationsOf(jobId)).toBe(0);
  });

  it("settles an abandoned last attempt as failed so the batch can finish", async () => {
    const { jobId, itemIds } = await newBatch(1);
    const itemId = itemIds[0] as string;
    await db.query("update public.batch_items set attempts = 2 where id = $1", [itemId]);
    await claimItem({ db, userId: USER, jobId, workerId: RUNNER_A, itemId });
    await expireLeases(jobId);
    expect(await claimItem({ db, userId: USER, jobId, workerId: RUNNER_B, itemId })).toBeNull();

    expect(await finalizeBatch({ db, userId: USER, jobId })).toBe("completed_with_errors");
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "failed", attempts: 3, lease_owner: null });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
  });
});

describe("completion", () => {
  it("marks the job completed, keeps its final counters and deletes the checkpoint with the last item", async () => {
    const { jobId, itemIds } = await newBatch(3);
    const generator = new ScriptedGenerator();
    expect((await loadCheckpoint({ db, userId: USER, jobId }))?.totalItems).toBe(3);
    for (const [index, itemId] of itemIds.entries()) {
      expect(await runItemOnce({ db, userId: USER, jobId, itemId, workerId: RUNNER_A, generator })).toBe("completed");
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
    await runItemOnce({ db, userId: USER, jobId, itemId: itemIds[1] as string, workerId: RUNNER_A, generator });
    for (let i = 0; i < 3; i++) {
      expect(
        await runItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, workerId: RUNNER_A, generator }),
      ).toBe("failed");
    }
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed_with_errors");

    expect(await retryFailedItems({ db, userId: USER, jobId })).toEqual({
      jobId,
      retried: 1,
      status: "pending",
      displayStatus: "interrupted",
    });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toMatchObject({
      completedItems: [itemIds[1]],
      failedItems: [],
    });
    expect(
      await runItemOnce({ db, userId: USER, jobId, itemId: itemIds[0] as string, workerId: RUNNER_A, generator }),
    ).toBe("completed");
    expect((await itemSnapshot(db, jobId))[0]).toMatchObject({ status: "completed", attempts: 1 });
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed");
    expect(await conversationsOf(jobId)).toBe(2);
  });
});

describe("discard", () => {
  it("cancels the job, removes the checkpoint, keeps finished conversations, and is idempotent", async () => {
    const { jobId, itemIds } = await newBatch(3);
    await runItemOnce({
      db,
      userId: USER,
      jobId,
      itemId: itemIds[0] as string,
      workerId: RUNNER_A,
      generator: new ScriptedGenerator(),
    });
    await discardBatch({ db, userId: USER, jobId });
    await discardBatch({ db, userId: USER, jobId });
    expect(await loadCheckpoint({ db, userId: USER, jobId })).toBeNull();
    const listed = (await listBatches({ db, userId: USER })).find((entry) => entry.id === jobId);
    expect(listed).toMatchObject({ status: "cancelled", completedItems: 1 });
    expect(await conversationsOf(jobId)).toBe(1);
    expect((await rejection(resumeBatch({ db, userId: USER, jobId }))).code).toBe(ErrorCode.GONE);
    expect((await rejection(updateBatchConfig({ db, userId: USER, jobId, config: {} }))).code).toBe(ErrorCode.GONE);
  });

  it("refuses to discard a finished batch", async () => {
    const { jobId, itemIds } = await newBatch(1);
    await runItemOnce({
      db,
      userId: USER,
      jobId,
      itemId: itemIds[0] as string,
      workerId: RUNNER_A,
      generator: new ScriptedGenerator(),
    });
    expect((await rejection(discardBatch({ db, userId: USER, jobId }))).code).toBe(ErrorCode.CONFLICT);
    expect((await getBatch({ db, userId: USER, jobId })).job.status).toBe("completed");
  });
});

describe("modify settings", () => {
  it("replaces the config and keeps what it replaced, with how many items it had made", async () => {
    const { jobId, itemIds } = await newBatch(3);
    await updateBatchConfig({ db, userId: USER, jobId, config: { provider: "offline", temperature: 0.2 } });
    await runItemOnce({
      db,
      userId: USER,
      jobId,
      itemId: itemIds[0] as string,
      workerId: RUNNER_A,
      generator: new ScriptedGenerator(),
    });
    const job = await updateBatchConfig({
      db,
      userId: USER,
      jobId,
      config: { provider: "offline", temperature: 0.9, model: "claude-haiku-4-5" },
    });
    expect(job.config).toEqual({ provider: "offline", temperature: 0.9, model: "claude-haiku-4-5" });
    expect(job.configHistory).toEqual([
      { config: {}, replacedAt: expect.any(String), completedItems: 0 },
      { config: { provider: "offline", temperature: 0.2 }, replacedAt: expect.any(String), completedItems: 1 },
    ]);
    // The same config again is not a change.
    expect((await updateBatchConfig({ db, userId: USER, jobId, config: job.config })).configHistory).toHaveLength(2);

    await pauseBatch({ db, userId: USER, jobId });
    const [entry] = (await getIncompleteCheckpoints({ db, userId: USER })).filter(
      (candidate) => candidate.jobId === jobId,
    );
    expect(entry).toMatchObject({ config: job.config, previousConfig: { provider: "offline", temperature: 0.2 } });

    const bad = await rejection(updateBatchConfig({ db, userId: USER, jobId, config: { temperature: 2 } }));
    expect(bad.code).toBe(ErrorCode.VAL_INVALID_INPUT);
  });
});
