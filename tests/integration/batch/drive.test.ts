/**
 * Serverless drives (BATCH_WORKER=drive): a drive is the engine's worker bounded in time. It
 * stops claiming before BATCH_DRIVE_MAX_MS, lets its items finish and, when work remains,
 * hands over by calling the drive route with CRON_SECRET; a drive with nothing left ends
 * without one. The hand-over target here is a real local HTTP server standing in for the
 * next invocation.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatch } from "@/lib/batch/batch-queries";
import { createBatch } from "@/lib/batch/create-batch";
import { DRIVE_PATH, runDrive } from "@/lib/batch/worker/drive";
import { parseServerEnv } from "@/lib/env";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { itemSnapshot, topics } from "./support";

const SECRET = "drive-secret-0123456789";
let db: TestDatabase;
let server: http.Server;
let origin: string;
const handovers: { method: string; url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  server = http.createServer((request, response) => {
    handovers.push({
      method: request.method ?? "",
      url: request.url ?? "",
      authorization: request.headers.authorization,
    });
    response.writeHead(202, { "content-type": "application/json" }).end('{"started":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  errorLogger.setMinLevel("debug");
});

function driveEnv(extra: Record<string, string> = {}) {
  // The offline generator with 150 ms per item: 12 items at 3 in flight need ~600 ms.
  return parseServerEnv({
    GENERATION_LATENCY_MS: "150",
    GENERATION_MAX_IN_FLIGHT: "3",
    BATCH_DRIVE_MAX_MS: "1000",
    CRON_SECRET: SECRET,
    // The hand-over goes to the configured app URL, never to a request's Host.
    APP_URL: origin,
    ...extra,
  });
}

describe("a serverless drive", () => {
  it("stops within its time, keeps what it made, and hands over to a fresh invocation while work remains", async () => {
    const user = randomUUID();
    const { jobId } = await createBatch({ db, userId: user, items: topics(40, "Drive") });
    handovers.length = 0;
    const started = Date.now();
    const result = await runDrive({ db, env: driveEnv() });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.handedOver).toBe(true);
    expect(handovers).toEqual([{ method: "POST", url: DRIVE_PATH, authorization: `Bearer ${SECRET}` }]);

    const items = await itemSnapshot(db, jobId);
    const completed = items.filter((item) => item.status === "completed");
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length).toBeLessThan(40);
    // Nothing is left leased by the finished drive, and no item has two conversations.
    expect(items.filter((item) => item.status === "running")).toEqual([]);
    expect(items.every((item) => item.conversations === (item.status === "completed" ? 1 : 0))).toBe(true);

    // The next invocations (what the hand-over starts) finish the batch.
    for (
      let drive = 0;
      drive < 20 && (await getBatch({ db, userId: user, jobId })).job.status !== "completed";
      drive += 1
    ) {
      await runDrive({ db, env: driveEnv() });
    }
    expect((await getBatch({ db, userId: user, jobId })).job.status).toBe("completed");
    expect(
      (await itemSnapshot(db, jobId)).every((item) => item.status === "completed" && item.conversations === 1),
    ).toBe(true);
  }, 60_000);

  it("ends without a hand-over when nothing is left to do", async () => {
    handovers.length = 0;
    const result = await runDrive({ db, env: driveEnv({ BATCH_DRIVE_MAX_MS: "10000" }) });
    expect(result.handedOver).toBe(false);
    expect(handovers).toEqual([]);
  }, 30_000);

  it("does not hand over while the work left is held by another live drive", async () => {
    const user = randomUUID();
    const { jobId } = await createBatch({ db, userId: user, items: topics(1, "Held") });
    // Another drive (alive) holds the only item.
    await db.query(
      `update public.batch_items set status = 'running', attempts = 1, lease_owner = 'other-drive',
              lease_until = now() + interval '1 minute' where job_id = $1`,
      [jobId],
    );
    handovers.length = 0;
    const result = await runDrive({ db, env: driveEnv({ BATCH_DRIVE_MAX_MS: "4000" }) });
    expect(result.handedOver).toBe(false);
    expect(handovers).toEqual([]);
    await db.query("update public.batch_jobs set status = 'cancelled' where id = $1", [jobId]);
  }, 30_000);

  it("cannot hand over without CRON_SECRET, and says so instead of failing", async () => {
    const user = randomUUID();
    await createBatch({ db, userId: user, items: topics(30, "No secret") });
    handovers.length = 0;
    const env = driveEnv();
    const result = await runDrive({ db, env: { ...env, CRON_SECRET: undefined } });
    expect(result.handedOver).toBe(false);
    expect(handovers).toEqual([]);
  }, 30_000);
});
