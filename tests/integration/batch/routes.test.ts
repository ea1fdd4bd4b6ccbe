/**
 * The batch and checkpoint routes over HTTP-shaped requests, in Supabase mode with two
 * users (tokens minted with the test secret), on the real database. Generation is the
 * offline provider with no latency and no faults.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/batches/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/batches/[id]/route";
import { POST as pauseRoute } from "@/app/api/batches/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/batches/[id]/resume/route";
import { POST as cancelRoute } from "@/app/api/batches/[id]/cancel/route";
import { GET as eventsRoute } from "@/app/api/batches/[id]/events/route";
import { GET as openBatchesRoute } from "@/app/api/batches/events/route";
import { MAX_STREAMS_PER_OWNER } from "@/lib/http/event-stream";
import { DELETE as discardRoute, GET as checkpointRoute } from "@/app/api/batches/[id]/checkpoint/route";
import { POST as retryRoute } from "@/app/api/batches/[id]/retry/route";
import { GET as checkpointsRoute } from "@/app/api/checkpoints/route";
import type { RouteHandler } from "@/lib/http/route-handler";
import type { BatchDetails, BatchEventPayload, IncompleteBatch } from "@/lib/batch/types";
import { setDatabaseForTesting } from "@/lib/db";
import { errorLogger } from "@/lib/errors";
import { SUPABASE_TEST_VARS, mintToken } from "@/tests/support/auth-tokens";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { ScriptedGenerator, batchFingerprint, countRows, runItemOnce } from "./support";

const USER_A = randomUUID();
const USER_B = randomUUID();
const WORKER = "routes-test-worker";
let db: TestDatabase;
let tokenA: string;
let tokenB: string;

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { fieldErrors?: Record<string, string[]>; retryAfter?: number };
    errorId?: string;
  };
}

interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as-is (malformed JSON, wrong types at the top level). */
  rawBody?: string;
  headers?: Record<string, string>;
}

function call(
  handler: RouteHandler,
  method: string,
  path: string,
  params: Record<string, string>,
  options: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? tokenA : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  return handler(request, { params: Promise.resolve(params) });
}

const api = {
  create: (body: unknown, options: CallOptions = {}) =>
    call(createRoute, "POST", "/api/batches", {}, { body, ...options }),
  list: (options: CallOptions = {}) => call(listRoute, "GET", "/api/batches", {}, options),
  get: (id: string, options: CallOptions = {}) => call(getRoute, "GET", `/api/batches/${id}`, { id }, options),
  patch: (id: string, body: unknown, options: CallOptions = {}) =>
    call(patchRoute, "PATCH", `/api/batches/${id}`, { id }, { body, ...options }),
  pause: (id: string, options: CallOptions = {}) =>
    call(pauseRoute, "POST", `/api/batches/${id}/pause`, { id }, options),
  resume: (id: string, options: CallOptions = {}) =>
    call(resumeRoute, "POST", `/api/batches/${id}/resume`, { id }, options),
  cancel: (id: string, options: CallOptions = {}) =>
    call(cancelRoute, "POST", `/api/batches/${id}/cancel`, { id }, options),
  events: (id: string, options: CallOptions = {}) =>
    call(eventsRoute, "GET", `/api/batches/${id}/events`, { id }, options),
  checkpoint: (id: string, options: CallOptions = {}) =>
    call(checkpointRoute, "GET", `/api/batches/${id}/checkpoint`, { id }, options),
  discard: (id: string, options: CallOptions = {}) =>
    call(discardRoute, "DELETE", `/api/batches/${id}/checkpoint`, { id }, options),
  retry: (id: string, options: CallOptions = {}) =>
    call(retryRoute, "POST", `/api/batches/${id}/retry`, { id }, options),
  checkpoints: (options: CallOptions = {}) => call(checkpointsRoute, "GET", "/api/checkpoints", {}, options),
};

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function createBatchOfA(count: number, extra: Record<string, unknown> = {}): Promise<BatchDetails> {
  const items = Array.from({ length: count }, (_, i) => ({
    topic: `Route topic ${i + 1}`,
    parameters: { persona: "tenant", turns: 4 },
  }));
  const created = await json<{ jobId: string; totalItems: number; status: string }>(
    await api.create({ items, ...extra }),
    201,
  );
  expect(created).toEqual({ jobId: expect.any(String), totalItems: count, status: "pending" });
  return json<BatchDetails>(await api.get(created.jobId), 200);
}

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  vi.stubEnv("GENERATION_FAULTS", "");
  vi.stubEnv("GENERATION_LATENCY_MS", "0");
  errorLogger.setMinLevel("error");
  db = await createTestDatabase();
  setDatabaseForTesting(db);
  tokenA = await mintToken({ sub: USER_A });
  tokenB = await mintToken({ sub: USER_B });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  errorLogger.setMinLevel("debug");
  await db?.close();
});

describe("a batch through its routes", () => {
  it("is created, listed, generated exactly once per item, paused, resumed, modified and discarded", async () => {
    const batch = await createBatchOfA(3, {
      name: "Tenant questions",
      config: { provider: "offline", temperature: 0.4 },
    });
    expect(batch.job).toMatchObject({
      name: "Tenant questions",
      status: "pending",
      totalItems: 3,
      config: { provider: "offline", temperature: 0.4 },
    });
    expect(batch.progress).toEqual({
      totalItems: 3,
      completedItems: 0,
      failedItems: 0,
      pendingItems: 3,
      progressPercentage: 0,
    });
    expect(batch.items.map((item) => [item.index, item.topic, item.status, item.parameters])).toEqual([
      [0, "Route topic 1", "pending", { persona: "tenant", turns: 4 }],
      [1, "Route topic 2", "pending", { persona: "tenant", turns: 4 }],
      [2, "Route topic 3", "pending", { persona: "tenant", turns: 4 }],
    ]);
    const jobId = batch.job.id;
    const [first, second] = batch.items as [BatchDetails["items"][number], BatchDetails["items"][number]];

    const listed = await json<{ batches: { id: string; progress: unknown }[] }>(await api.list(), 200);
    expect(listed.batches.map((entry) => entry.id)).toContain(jobId);

    // The engine generates the first item (what a worker does), exactly once.
    const generator = new ScriptedGenerator();
    expect(await runItemOnce({ db, userId: USER_A, jobId, itemId: first.id, workerId: WORKER, generator })).toBe(
      "completed",
    );
    expect(await runItemOnce({ db, userId: USER_A, jobId, itemId: first.id, workerId: WORKER, generator })).toBeNull();
    expect(generator.calls).toBe(1);
    expect(
      await countRows(db, "select count(*)::int as n from public.conversations where batch_job_id = $1", [jobId]),
    ).toBe(1);

    // Pause: offered by the resume dialog; resume takes it off again.
    expect(await json(await api.pause(jobId), 200)).toMatchObject({ jobId, status: "paused", displayStatus: "paused" });
    expect(await json(await api.pause(jobId), 200)).toMatchObject({ status: "paused" });
    const paused = await json<{ checkpoints: IncompleteBatch[] }>(await api.checkpoints(), 200);
    expect(paused.checkpoints.find((entry) => entry.jobId === jobId)).toMatchObject({
      name: "Tenant questions",
      reason: "paused",
      progress: { completedItems: 1, pendingItems: 2, totalItems: 3 },
    });
    expect(await runItemOnce({ db, userId: USER_A, jobId, itemId: second.id, workerId: WORKER, generator })).toBeNull();
    expect(await json(await api.resume(jobId), 200)).toMatchObject({ jobId, status: "running" });
    const resumed = await json<{ checkpoints: IncompleteBatch[] }>(await api.checkpoints(), 200);
    expect(resumed.checkpoints.map((entry) => entry.jobId)).not.toContain(jobId);

    const checkpoint = await json<{ jobId: string; completedItems: string[]; totalItems: number }>(
      await api.checkpoint(jobId),
      200,
    );
    expect(checkpoint).toMatchObject({
      jobId,
      totalItems: 3,
      completedItems: [first.id],
      failedItems: [],
      progressPercentage: 33,
    });

    const patched = await json<{ job: { config: unknown; configHistory: unknown[] } }>(
      await api.patch(jobId, { config: { provider: "offline", temperature: 0.9 } }),
      200,
    );
    expect(patched.job.config).toEqual({ provider: "offline", temperature: 0.9 });
    expect(patched.job.configHistory).toHaveLength(1);

    expect((await api.discard(jobId)).status).toBe(204);
    expect((await api.discard(jobId)).status).toBe(204);
    expect((await api.checkpoint(jobId)).status).toBe(404);
    expect(await runItemOnce({ db, userId: USER_A, jobId, itemId: second.id, workerId: WORKER, generator })).toBeNull();
    expect((await json<ErrorBody>(await api.resume(jobId), 410)).error.code).toBe("ERR_GONE");
    expect((await json<ErrorBody>(await api.pause(jobId), 410)).error.code).toBe("ERR_GONE");
    expect(await json(await api.cancel(jobId), 200)).toMatchObject({ status: "cancelled" });
  });

  it("finishes the batch with its last item: completed status, no checkpoint, not offered for resume", async () => {
    const batch = await createBatchOfA(2);
    const generator = new ScriptedGenerator();
    for (const item of batch.items) {
      expect(
        await runItemOnce({ db, userId: USER_A, jobId: batch.job.id, itemId: item.id, workerId: WORKER, generator }),
      ).toBe("completed");
    }
    const after = await json<BatchDetails>(await api.get(batch.job.id), 200);
    expect(after.job.status).toBe("completed");
    expect(after.progress).toMatchObject({ completedItems: 2, progressPercentage: 100 });
    expect((await api.checkpoint(batch.job.id)).status).toBe(404);
    const open = await json<{ checkpoints: IncompleteBatch[] }>(await api.checkpoints(), 200);
    expect(open.checkpoints.map((entry) => entry.jobId)).not.toContain(batch.job.id);
    expect((await json<ErrorBody>(await api.patch(batch.job.id, { config: {} }), 409)).error.code).toBe("ERR_CONFLICT");
    expect(await json(await api.retry(batch.job.id), 200)).toEqual({
      jobId: batch.job.id,
      retried: 0,
      status: "completed",
      displayStatus: "completed",
    });
    expect((await json<ErrorBody>(await api.pause(batch.job.id), 409)).error.code).toBe("ERR_CONFLICT");
    expect((await json<ErrorBody>(await api.resume(batch.job.id), 409)).error.code).toBe("ERR_CONFLICT");
    expect((await json<ErrorBody>(await api.cancel(batch.job.id), 409)).error.code).toBe("ERR_CONFLICT");
  });

  it("streams the batch: the whole batch first, then only what changed, and `end` once finished", async () => {
    const batch = await createBatchOfA(2);
    const jobId = batch.job.id;
    const abort = new AbortController();
    const response = await call(eventsRoute, "GET", `/api/batches/${jobId}/events`, { id: jobId }, {});
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextMessage = async (): Promise<{ event: string; data: unknown }> => {
      for (;;) {
        const boundary = buffer.indexOf("\n\n");
        if (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) as unknown };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
    };
    try {
      const first = await nextMessage();
      expect(first.event).toBe("batch");
      expect(first.data).toMatchObject({ full: true, job: { id: jobId }, progress: { completedItems: 0 } });
      expect((first.data as BatchEventPayload).items).toHaveLength(2);

      const generator = new ScriptedGenerator();
      const firstItem = batch.items[0] as { id: string };
      await runItemOnce({ db, userId: USER_A, jobId, itemId: firstItem.id, workerId: WORKER, generator });
      const change = (await nextMessage()).data as BatchEventPayload;
      expect(change).toMatchObject({ full: false, progress: { completedItems: 1 } });
      expect(change.items.map((item) => [item.id, item.status])).toEqual([[firstItem.id, "completed"]]);

      const secondItem = batch.items[1] as { id: string };
      await runItemOnce({ db, userId: USER_A, jobId, itemId: secondItem.id, workerId: WORKER, generator });
      let message = await nextMessage();
      while (message.event === "batch" && (message.data as BatchEventPayload).job.status !== "completed")
        message = await nextMessage();
      expect((message.data as BatchEventPayload).progress).toMatchObject({
        completedItems: 2,
        progressPercentage: 100,
      });
      expect((await nextMessage()).event).toBe("end");
    } finally {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    }
  }, 20_000);

  it("caps the live streams one user holds open (429 with Retry-After), without touching another user's", async () => {
    const open = (token: string) => call(openBatchesRoute, "GET", "/api/batches/events", {}, { token });
    const streams: Response[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS_PER_OWNER; i++) {
        const response = await open(tokenA);
        expect(response.status).toBe(200);
        streams.push(response);
      }
      const refused = await open(tokenA);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("30");
      expect(((await refused.json()) as ErrorBody).error.code).toBe("ERR_API_RATE_LIMIT");
      const other = await open(tokenB);
      expect(other.status).toBe(200);
      streams.push(other);

      // Closing one (the tab goes away) frees its place.
      await streams.shift()?.body?.cancel();
      const again = await open(tokenA);
      expect(again.status).toBe(200);
      streams.push(again);
    } finally {
      for (const stream of streams) await stream.body?.cancel().catch(() => undefined);
    }
  });

  it("answers 401 without a token", async () => {
    expect((await api.list({ token: null })).status).toBe(401);
    expect((await api.create({ items: [{ topic: "x" }] }, { token: null })).status).toBe(401);
  });
});

describe("another user's batch", () => {
  it("cannot be seen, streamed, paused, resumed, cancelled, modified, retried or discarded by user B (404), and is left untouched", async () => {
    const batch = await createBatchOfA(2);
    const jobId = batch.job.id;
    const before = await batchFingerprint(db);
    const asB: CallOptions = { token: tokenB };

    const listed = await json<{ batches: unknown[] }>(await api.list(asB), 200);
    expect(listed.batches).toEqual([]);
    expect((await json<{ checkpoints: unknown[] }>(await api.checkpoints(asB), 200)).checkpoints).toEqual([]);

    const attempts: [string, Response][] = [
      ["get", await api.get(jobId, asB)],
      ["events", await api.events(jobId, asB)],
      ["pause", await api.pause(jobId, asB)],
      ["resume", await api.resume(jobId, asB)],
      ["cancel", await api.cancel(jobId, asB)],
      ["patch", await api.patch(jobId, { config: { temperature: 0.1 } }, asB)],
      ["checkpoint", await api.checkpoint(jobId, asB)],
      ["discard", await api.discard(jobId, asB)],
      ["retry", await api.retry(jobId, asB)],
    ];
    for (const [name, response] of attempts) {
      const body = await json<ErrorBody>(response, 404);
      expect(body.error.code, name).toBe("ERR_NOT_FOUND");
    }
    expect(await batchFingerprint(db)).toBe(before);

    // A's batch is still A's, whole.
    const stillThere = await json<BatchDetails>(await api.get(jobId), 200);
    expect(stillThere.job.status).toBe("pending");
    expect(await json(await api.checkpoint(jobId), 200)).toMatchObject({ jobId, completedItems: [] });
  });
});

describe("bad input", () => {
  const valid = { items: [{ topic: "A topic" }] };
  const tooMany = { items: Array.from({ length: 1001 }, (_, i) => ({ topic: `T${i}` })) };

  const createCases: [string, CallOptions & { body?: unknown }, number, string, string][] = [
    ["no items", { body: { items: [] } }, 400, "ERR_VAL_INVALID_INPUT", "items"],
    ["1001 items", { body: tooMany }, 400, "ERR_VAL_INVALID_INPUT", "items"],
    ["items missing", { body: {} }, 400, "ERR_VAL_INVALID_INPUT", "items"],
    ["items not a list", { body: { items: "topic" } }, 400, "ERR_VAL_INVALID_INPUT", "items"],
    ["empty topic", { body: { items: [{ topic: "   " }] } }, 400, "ERR_VAL_INVALID_INPUT", "items.0.topic"],
    [
      "topic too long",
      { body: { items: [{ topic: "x".repeat(501) }] } },
      400,
      "ERR_VAL_INVALID_INPUT",
      "items.0.topic",
    ],
    ["topic a number", { body: { items: [{ topic: 42 }] } }, 400, "ERR_VAL_INVALID_INPUT", "items.0.topic"],
    [
      "temperature 2",
      { body: { ...valid, config: { temperature: 2 } } },
      400,
      "ERR_VAL_INVALID_INPUT",
      "config.temperature",
    ],
    [
      "temperature text",
      { body: { ...valid, config: { temperature: "hot" } } },
      400,
      "ERR_VAL_INVALID_INPUT",
      "config.temperature",
    ],
    [
      "unknown provider",
      { body: { ...valid, config: { provider: "gpt" } } },
      400,
      "ERR_VAL_INVALID_INPUT",
      "config.provider",
    ],
    [
      "odd turns",
      { body: { items: [{ topic: "a", parameters: { turns: 3 } }] } },
      400,
      "ERR_VAL_INVALID_INPUT",
      "items.0.parameters.turns",
    ],
    ["name a number", { body: { ...valid, name: 5 } }, 400, "ERR_VAL_INVALID_INPUT", "name"],
    ["name too long", { body: { ...valid, name: "n".repeat(201) } }, 400, "ERR_VAL_INVALID_INPUT", "name"],
    ["an unknown key", { body: { ...valid, userId: USER_B } }, 400, "ERR_VAL_INVALID_INPUT", "body"],
    ["a list body", { body: [valid] }, 400, "ERR_VAL_INVALID_INPUT", "body"],
    ["malformed JSON", { rawBody: '{"items": [' }, 400, "ERR_VAL_MALFORMED_JSON", ""],
    [
      "not JSON",
      { rawBody: "items=1", headers: { "content-type": "application/x-www-form-urlencoded" } },
      415,
      "ERR_VAL_UNSUPPORTED_MEDIA_TYPE",
      "",
    ],
  ];

  it.each(createCases)(
    "POST /api/batches with %s -> %i naming the field, nothing written",
    async (_name, options, status, code, field) => {
      const before = await batchFingerprint(db);
      const body = await json<ErrorBody>(await api.create(options.body, options), status);
      expect(body.error.code).toBe(code);
      if (field) expect(Object.keys(body.error.details?.fieldErrors ?? {})).toContain(field);
      if (field === "body" && options.body && !Array.isArray(options.body))
        expect(JSON.stringify(body.error.details)).toContain("userId");
      expect(await batchFingerprint(db)).toBe(before);
    },
  );

  it("rejects bad ids and configs on the other routes, writing nothing", async () => {
    const batch = await createBatchOfA(1);
    const jobId = batch.job.id;
    const before = await batchFingerprint(db);

    const cases: [string, Promise<Response>, number, string, string][] = [
      ["get bad id", api.get("not-a-uuid"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["patch bad id", api.patch("123", { config: {} }), 400, "ERR_VAL_INVALID_ID", "id"],
      ["checkpoint bad id", api.checkpoint("x"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["discard bad id", api.discard("'; drop table batch_jobs; --"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["pause bad id", api.pause("nope"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["resume bad id", api.resume("1 or 1=1"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["cancel bad id", api.cancel("x"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["events bad id", api.events("x"), 400, "ERR_VAL_INVALID_ID", "id"],
      ["patch without config", api.patch(jobId, {}), 400, "ERR_VAL_INVALID_INPUT", "config"],
      [
        "patch temperature 2",
        api.patch(jobId, { config: { temperature: 2 } }),
        400,
        "ERR_VAL_INVALID_INPUT",
        "config.temperature",
      ],
      ["patch model empty", api.patch(jobId, { config: { model: "" } }), 400, "ERR_VAL_INVALID_INPUT", "config.model"],
      ["patch config a string", api.patch(jobId, { config: "fast" }), 400, "ERR_VAL_INVALID_INPUT", "config"],
      ["pause no batch", api.pause(randomUUID()), 404, "ERR_NOT_FOUND", ""],
      ["resume no batch", api.resume(randomUUID()), 404, "ERR_NOT_FOUND", ""],
      ["cancel no batch", api.cancel(randomUUID()), 404, "ERR_NOT_FOUND", ""],
    ];
    for (const [name, pending, status, code, field] of cases) {
      const body = await json<ErrorBody>(await pending, status);
      expect(body.error.code, name).toBe(code);
      if (field) expect(Object.keys(body.error.details?.fieldErrors ?? {}), name).toContain(field);
    }
    expect(await batchFingerprint(db)).toBe(before);
  });
});
