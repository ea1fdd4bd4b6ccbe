/**
 * What the generate route answers when the provider fails: the item is marked failed first,
 * then the classified error goes back (429 with Retry-After for a rate limit), until the
 * item is out of attempts (409 naming it). The offline provider's fault injection makes
 * every call a rate limit here (GENERATION_FAULTS=rate_limit:1), in local mode.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createRoute } from "@/app/api/batches/route";
import { GET as getRoute } from "@/app/api/batches/[id]/route";
import { POST as generateRoute } from "@/app/api/batches/[id]/items/[itemId]/generate/route";
import { GET as checkpointsRoute } from "@/app/api/checkpoints/route";
import type { BatchDetails, IncompleteBatch } from "@/lib/batch/types";
import { setDatabaseForTesting } from "@/lib/db";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { countRows } from "./support";

let db: TestDatabase;
const RUNNER = randomUUID();

beforeAll(async () => {
  vi.stubEnv("GENERATION_FAULTS", "rate_limit:1");
  vi.stubEnv("GENERATION_LATENCY_MS", "0");
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  errorLogger.setMinLevel("debug");
  await db?.close();
});

const params = (value: Record<string, string>) => ({ params: Promise.resolve(value) });

describe("POST /api/batches/:id/items/:itemId/generate when the provider fails", () => {
  it("marks the item failed and answers 429 with Retry-After, until it is out of attempts (409)", async () => {
    const created = await createRoute(
      new Request("http://localhost/api/batches", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Limited", items: [{ topic: "Late rent" }] }),
      }),
      params({}),
    );
    expect(created.status).toBe(201);
    const { jobId } = (await created.json()) as { jobId: string };
    const details = (await (await getRoute(new Request(`http://localhost/api/batches/${jobId}`), params({ id: jobId }))).json()) as BatchDetails;
    const itemId = (details.items[0] as { id: string }).id;
    const generate = () =>
      generateRoute(
        new Request(`http://localhost/api/batches/${jobId}/items/${itemId}/generate`, { method: "POST", headers: { "x-runner-id": RUNNER } }),
        params({ id: jobId, itemId }),
      );

    for (const attempt of [1, 2, 3]) {
      const response = await generate();
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await response.json()) as { error: { code: string; message: string; details: { retryAfter: number } } };
      expect(body.error.code).toBe("ERR_GEN_RATE_LIMIT");
      expect(body.error.details.retryAfter).toBe(Number(response.headers.get("retry-after")));

      const after = (await (await getRoute(new Request(`http://localhost/api/batches/${jobId}`), params({ id: jobId }))).json()) as BatchDetails;
      expect(after.items[0]).toMatchObject({ status: "failed", attempts: attempt, lastError: { code: "ERR_GEN_RATE_LIMIT", retryable: true } });
      if (attempt < 3) {
        const open = (await (await checkpointsRoute(new Request("http://localhost/api/checkpoints"), params({}))).json()) as {
          checkpoints: IncompleteBatch[];
        };
        expect(open.checkpoints.find((entry) => entry.jobId === jobId)).toMatchObject({ retryableFailedItems: 1 });
      }
    }

    const exhausted = await generate();
    expect(exhausted.status).toBe(409);
    const body = (await exhausted.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "ERR_CONFLICT" });
    expect(body.error.message).toMatch(/Item 1 \("Late rent"\) has used all 3 attempts/);

    const finished = (await (await getRoute(new Request(`http://localhost/api/batches/${jobId}`), params({ id: jobId }))).json()) as BatchDetails;
    expect(finished.job.status).toBe("completed_with_errors");
    expect(await countRows(db, "select count(*)::int as n from public.conversations", [])).toBe(0);
  });
});
