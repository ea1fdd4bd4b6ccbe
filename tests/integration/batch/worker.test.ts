/**
 * The server-side batch engine on the real database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): a batch created through the route completes with no further request;
 * pause, resume and cancel; a 429 parks the item until Retry-After; items past the retry cap
 * end failed and the batch "completed with failures"; and the provider budget holds across
 * two workers. Each worker is the engine's real BatchWorker with a scripted generator.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/batches/route";
import { POST as pauseRoute } from "@/app/api/batches/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/batches/[id]/resume/route";
import { POST as cancelRoute } from "@/app/api/batches/[id]/cancel/route";
import { getBatch } from "@/lib/batch/batch-queries";
import { claimItem } from "@/lib/batch/claim-item";
import { cancelBatch } from "@/lib/batch/control";
import { processClaimedItem } from "@/lib/batch/worker/process-item";
import { createBatch } from "@/lib/batch/create-batch";
import { BatchWorker, type BatchWorkerOptions } from "@/lib/batch/worker/batch-worker";
import type { RouteHandler } from "@/lib/http/route-handler";
import type { BatchJobStatus } from "@/lib/batch/status";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { createDatabase } from "@/lib/db/create-database";
import { setDatabaseForTesting } from "@/lib/db";
import type { Database } from "@/lib/db/types";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, testEngine, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, authError, itemSnapshot, overloadedError, rateLimitError, topics } from "./support";

let db: TestDatabase;
const workers: BatchWorker[] = [];
const extraDbs: Database[] = [];

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop(1_000);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  for (const extra of extraDbs) await extra.close();
  await db.close();
  errorLogger.setMinLevel("debug");
});

const FAST = { ratePerMinute: 10_000, maxInFlight: 3, windowMs: 61_000 };

async function startWorker(
  options: Partial<BatchWorkerOptions> & { generator: ScriptedGenerator },
): Promise<BatchWorker> {
  const { generator, ...rest } = options;
  const worker = new BatchWorker({
    db,
    budget: FAST,
    leaseMs: 2_000,
    idlePollMs: 50,
    busyPollMs: 20,
    settleIntervalMs: 100,
    retryDelaysMs: [0],
    generatorFor: () => generator,
    ...rest,
  });
  workers.push(worker);
  await worker.start();
  return worker;
}

function call(handler: RouteHandler, path: string, params: Record<string, string>, body?: unknown): Promise<Response> {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) });
}

async function waitForStatus(jobId: string, wanted: BatchJobStatus[], timeoutMs = 20_000): Promise<BatchJobStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { job } = await getBatch({ db, userId: LOCAL_USER_ID, jobId });
    if (wanted.includes(job.status)) return job.status;
    if (Date.now() > deadline) throw new Error(`batch ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the server runs every batch", () => {
  it("completes a batch created through the route with no further request, one conversation per item", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 5 });
    await startWorker({ generator });
    const response = await call(createRoute, "/api/batches", {}, { name: "Server run", items: topics(12, "Route") });
    expect(response.status).toBe(201);
    const { jobId } = (await response.json()) as { jobId: string };

    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed");
    const items = await itemSnapshot(db, jobId);
    expect(items.map((item) => [item.status, item.attempts, item.conversations])).toEqual(
      items.map(() => ["completed", 1, 1]),
    );
    expect(generator.calls).toBe(12);
    const { job, progress } = await getBatch({ db, userId: LOCAL_USER_ID, jobId });
    expect(progress).toMatchObject({ completedItems: 12, failedItems: 0, pendingItems: 0, progressPercentage: 100 });
    expect(job.startedAt).not.toBeNull();
  });

  it("pause stops new items within one item's time; resume finishes the rest", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 60 });
    await startWorker({ generator, budget: { ...FAST, maxInFlight: 2 } });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(30, "Pause") });
    await waitFor(async () => (await getBatch({ db, userId: LOCAL_USER_ID, jobId })).progress.completedItems >= 4);

    const paused = await call(pauseRoute, `/api/batches/${jobId}/pause`, { id: jobId });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ jobId, status: "paused", displayStatus: "paused" });
    // In-flight items (at most 2) finish; then nothing moves.
    await waitFor(async () => (await itemSnapshot(db, jobId)).every((item) => item.status !== "running"));
    const settled = (await getBatch({ db, userId: LOCAL_USER_ID, jobId })).progress.completedItems;
    const callsAtPause = generator.calls;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await getBatch({ db, userId: LOCAL_USER_ID, jobId })).progress.completedItems).toBe(settled);
    expect(generator.calls).toBe(callsAtPause);
    expect(settled).toBeLessThan(30);

    const resumed = await call(resumeRoute, `/api/batches/${jobId}/resume`, { id: jobId });
    expect(resumed.status).toBe(200);
    expect(await waitForStatus(jobId, ["completed"])).toBe("completed");
    const items = await itemSnapshot(db, jobId);
    expect(items.every((item) => item.status === "completed" && item.conversations === 1)).toBe(true);
    expect(generator.calls).toBe(30);
  });

  it("cancel leaves pending items ungenerated and keeps what was made", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 50 });
    await startWorker({ generator, budget: { ...FAST, maxInFlight: 1 } });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(20, "Cancel") });
    await waitFor(async () => (await getBatch({ db, userId: LOCAL_USER_ID, jobId })).progress.completedItems >= 2);

    const cancelled = await call(cancelRoute, `/api/batches/${jobId}/cancel`, { id: jobId });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    // The item in flight keeps its lease (the budget still counts its call) until the worker's
    // next renewal finds the batch cancelled, stops the call and hands the item back.
    await waitFor(async () => (await itemSnapshot(db, jobId)).every((item) => item.status !== "running"));
    const callsAfterCancel = generator.calls;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(generator.calls).toBe(callsAfterCancel);
    const items = await itemSnapshot(db, jobId);
    const completed = items.filter((item) => item.status === "completed");
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(completed.length).toBeLessThan(20);
    expect(items.filter((item) => item.status === "pending").length).toBe(20 - completed.length);
    // A conversation exists exactly for each completed item.
    expect(items.every((item) => item.conversations === (item.status === "completed" ? 1 : 0))).toBe(true);
    expect((await getBatch({ db, userId: LOCAL_USER_ID, jobId })).job.status).toBe("cancelled");
    // Cancelling again is fine; resuming a cancelled batch is 410.
    expect((await call(cancelRoute, `/api/batches/${jobId}/cancel`, { id: jobId })).status).toBe(200);
    expect((await call(resumeRoute, `/api/batches/${jobId}/resume`, { id: jobId })).status).toBe(410);
  });

  it("parks an item that met a 429 until its Retry-After, blocks the budget meanwhile, then succeeds", async () => {
    const generator = new ScriptedGenerator({
      failuresFor: (topic) => (topic === "Limited 1" ? 1 : 0),
      errorFor: () => rateLimitError(1),
    });
    await startWorker({ generator });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: [{ topic: "Limited 1" }] });
    const started = Date.now();
    // The 429 gives the attempt back: the item waits as pending with not_before set.
    await waitFor(async () => {
      const [row] = await db.query<{ status: string; not_before: Date | null; attempts: number }>(
        "select status, not_before, attempts from public.batch_items where job_id = $1",
        [jobId],
      );
      return row?.status === "pending" && row.not_before !== null && row.attempts === 0;
    });
    const [budget] = await db.query<{ blocked: boolean }>(
      "select blocked_until > now() as blocked from public.generation_budget",
    );
    expect(budget?.blocked).toBe(true);

    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(generator.callsByTopic.get("Limited 1")).toBe(2);
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "completed", attempts: 1, conversations: 1 });
  });

  it("fails a 429 that says x-should-retry: false after one attempt instead of parking it again and again", async () => {
    const generator = new ScriptedGenerator({ failuresFor: () => Infinity, errorFor: () => rateLimitError(1, false) });
    await startWorker({ generator });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(1, "Refused") });
    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed_with_errors");
    expect(generator.calls).toBe(1);
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "failed", attempts: 1, conversations: 0 });
  });

  it("waits out the Retry-After of an overloaded provider (529) before the retry, even with no backoff configured", async () => {
    const generator = new ScriptedGenerator({
      failuresFor: (topic) => (topic === "Overloaded 1" ? 1 : 0),
      errorFor: () => overloadedError(1.2),
    });
    await startWorker({ generator });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(1, "Overloaded") });
    const started = Date.now();
    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "completed", attempts: 2, conversations: 1 });
  });

  it("ends items past the retry cap failed and the batch completed with failures", async () => {
    const generator = new ScriptedGenerator({ failuresFor: (topic) => (topic.endsWith(" 2") ? Infinity : 0) });
    await startWorker({ generator });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(3, "Capped") });
    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed_with_errors");
    const items = await itemSnapshot(db, jobId);
    expect(items.map((item) => [item.status, item.attempts])).toEqual([
      ["completed", 1],
      ["failed", 3],
      ["completed", 1],
    ]);
    expect(generator.callsByTopic.get("Capped 2")).toBe(3);
    const details = await getBatch({ db, userId: LOCAL_USER_ID, jobId });
    expect(details.job.displayStatus).toBe("completed_with_failures");
    expect(details.progress).toMatchObject({ completedItems: 2, failedItems: 1 });
  });

  it("does not retry an error retrying cannot fix (a bad key): the batch finishes with it failed after one attempt", async () => {
    const generator = new ScriptedGenerator({ failuresFor: () => Infinity, errorFor: () => authError() });
    await startWorker({ generator });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(1, "Unauthorised") });
    expect(await waitForStatus(jobId, ["completed", "completed_with_errors"])).toBe("completed_with_errors");
    expect(generator.calls).toBe(1);
  });

  it("shows a queued or running batch as interrupted while no worker is alive", async () => {
    await db.query("delete from public.batch_workers");
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(2, "Nobody") });
    expect((await getBatch({ db, userId: LOCAL_USER_ID, jobId })).job.displayStatus).toBe("interrupted");
    const generator = new ScriptedGenerator();
    await startWorker({ generator });
    expect(await waitForStatus(jobId, ["completed"])).toBe("completed");
  });
});

describe("fairness", () => {
  it("serves batches in turn, so one user's large batch does not hold back another's small one", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 20 });
    const bigOwner = randomUUID();
    const big = await createBatch({ db, userId: bigOwner, items: topics(24, "Big") });
    const small = await createBatch({ db, userId: randomUUID(), items: topics(4, "Small") });
    await startWorker({ generator, budget: { ...FAST, maxInFlight: 1 } });
    const smallDone = await (async () => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const [row] = await db.query<{ status: string }>("select status from public.batch_jobs where id = $1", [
          small.jobId,
        ]);
        if (row?.status === "completed") {
          const [bigRow] = await db.query<{ n: number }>(
            "select count(*)::int as n from public.batch_items where job_id = $1 and status = 'completed'",
            [big.jobId],
          );
          return Number(bigRow?.n);
        }
        if (Date.now() > deadline) throw new Error("the small batch did not finish");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    // Taking turns: the big batch had about as many items done as the small one, not all 24.
    expect(smallDone).toBeLessThanOrEqual(6);
    await cancelBatch({ db, userId: bigOwner, jobId: big.jobId });
  });
});

describe("lease renewal", () => {
  it("stops a call whose lease it cannot renew before the lease may have run out, and hands the item back", async () => {
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(1, "Unrenewable") });
    const claim = await claimItem({ db, userId: LOCAL_USER_ID, jobId, workerId: "w-renew", leaseMs: 600 });
    if (!claim) throw new Error("nothing claimed");
    // The database refuses every renewal (a partition, a stuck connection); everything else works.
    const flaky: Database = Object.create(db) as Database;
    flaky.query = (async (sql: string, params?: readonly unknown[]) => {
      if (/set lease_until = greatest/.test(sql)) throw new Error("connection reset");
      return db.query(sql, params);
    }) as Database["query"];
    const generator = new ScriptedGenerator({ latencyMs: 10_000 });
    const started = Date.now();
    const outcome = await processClaimedItem(
      {
        db: flaky,
        workerId: "w-renew",
        leaseMs: 600,
        maxAttempts: 3,
        retryDelaysMs: [0],
        defaultRetryAfterMs: 1_000,
        maxRetryAfterMs: 60_000,
        generatorFor: () => generator,
        shutdown: new AbortController().signal,
      },
      claim,
    );
    expect(outcome).toBe("lost");
    // Given up inside the lease (600 ms), not after the 10 s call.
    expect(Date.now() - started).toBeLessThan(5_000);
    const [item] = await itemSnapshot(db, jobId);
    expect(item).toMatchObject({ status: "pending", attempts: 0, conversations: 0, lease_owner: null });
    await cancelBatch({ db, userId: LOCAL_USER_ID, jobId });
  });
});

describe("graceful stop (SIGTERM)", () => {
  it("stops claiming at once, lets in-flight items finish within the grace period and leaves the registry", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 150 });
    const worker = await startWorker({ generator, budget: { ...FAST, maxInFlight: 2 } });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(10, "Graceful") });
    await waitFor(async () => (await itemSnapshot(db, jobId)).some((item) => item.status === "running"));
    await worker.stop(5_000);

    const items = await itemSnapshot(db, jobId);
    // The items in flight were saved; nothing else was started; nothing stays leased.
    expect(items.filter((item) => item.status === "running")).toEqual([]);
    const completed = items.filter((item) => item.status === "completed");
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(completed.length).toBeLessThanOrEqual(4);
    expect(generator.calls).toBe(completed.length);
    const [row] = await db.query<{ n: number }>("select count(*)::int as n from public.batch_workers where id = $1", [
      worker.id,
    ]);
    expect(row?.n).toBe(0);
    // Out of the next test's way.
    await cancelBatch({ db, userId: LOCAL_USER_ID, jobId });
  });

  it("hands back what does not finish within the grace period: pending again, the attempt returned", async () => {
    const generator = new ScriptedGenerator({ latencyMs: 5_000 });
    const worker = await startWorker({ generator, budget: { ...FAST, maxInFlight: 2 } });
    const { jobId } = await createBatch({ db, userId: LOCAL_USER_ID, items: topics(3, "Too slow") });
    await waitFor(async () => (await itemSnapshot(db, jobId)).filter((item) => item.status === "running").length === 2);
    await worker.stop(100);

    const items = await itemSnapshot(db, jobId);
    expect(items.map((item) => [item.status, item.attempts, item.conversations])).toEqual([
      ["pending", 0, 0],
      ["pending", 0, 0],
      ["pending", 0, 0],
    ]);
    // The next worker takes them at once, without waiting for a lease to run out.
    const next = await startWorker({ generator: new ScriptedGenerator() });
    expect(next.isClaiming).toBe(true);
    expect(await waitForStatus(jobId, ["completed"])).toBe("completed");
  });
});

describe("one provider budget for every worker", () => {
  it("never has more than maxInFlight calls at once nor more than the rate in a window, across two workers and two batches", async () => {
    // Each worker has its own connection pool on PostgreSQL, as two processes would.
    const second: Database =
      testEngine() === "postgres" && db.connectionUrl
        ? await createDatabase({
            databaseUrl: db.connectionUrl,
            migrate: false,
            postgres: { max: 5, idleTimeoutSeconds: 5 },
          })
        : db;
    if (second !== db) extraDbs.push(second);

    let inFlight = 0;
    let maxSeen = 0;
    const callTimes: number[] = [];
    const generator = new ScriptedGenerator({ latencyMs: 40 });
    const counting = {
      name: "offline" as const,
      async generateConversation(...args: Parameters<ScriptedGenerator["generateConversation"]>) {
        inFlight += 1;
        maxSeen = Math.max(maxSeen, inFlight);
        callTimes.push(Date.now());
        try {
          return await generator.generateConversation(...args);
        } finally {
          inFlight -= 1;
        }
      },
    };
    // 12 calls in any 2 s, 2 in flight: 30 items need three windows. As in production (61 s
    // for a minute), the budget's window is a little longer than the one measured at the
    // provider: a call is counted at its claim and reaches the provider a moment later.
    const budget = { ratePerMinute: 12, maxInFlight: 2, windowMs: 2_500 };
    const options = {
      budget,
      idlePollMs: 50,
      busyPollMs: 10,
      leaseMs: 2_000,
      retryDelaysMs: [0],
      generatorFor: () => counting,
    };
    const outcomesBy = { a: 0, b: 0 };
    const a = new BatchWorker({ db, ...options, onOutcome: () => (outcomesBy.a += 1) });
    const b = new BatchWorker({ db: second, ...options, onOutcome: () => (outcomesBy.b += 1) });
    workers.push(a, b);
    await Promise.all([a.start(), b.start()]);
    const user = randomUUID();
    const jobs = await Promise.all([
      createBatch({ db, userId: user, items: topics(15, "Budget A") }),
      createBatch({ db, userId: user, items: topics(15, "Budget B") }),
    ]);
    for (const { jobId } of jobs) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { job } = await getBatch({ db, userId: user, jobId });
        if (job.status === "completed") break;
        if (Date.now() > deadline) throw new Error("budget batch did not finish");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(callTimes).toHaveLength(30);
    expect(maxSeen).toBeLessThanOrEqual(2);
    const busiestWindow = Math.max(...callTimes.map((t) => callTimes.filter((u) => u >= t && u < t + 2_000).length));
    expect(busiestWindow).toBeLessThanOrEqual(12);
    // Both workers took part: the budget is shared, not one worker's.
    expect(outcomesBy.a).toBeGreaterThan(0);
    expect(outcomesBy.b).toBeGreaterThan(0);
    expect(outcomesBy.a + outcomesBy.b).toBe(30);
  });
});
