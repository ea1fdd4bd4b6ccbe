import { randomUUID } from "node:crypto";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/exports/preview/route";
import { POST as createRoute } from "@/app/api/exports/route";
import { GET as downloadRoute } from "@/app/api/exports/[exportId]/download/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { setDatabaseForTesting } from "@/lib/db";
import { databaseNow } from "@/lib/export/read";
import { selectValidation } from "@/lib/export/split";
import { createExport } from "@/lib/export/requests";
import { chooseValidationIds } from "@/lib/export/write";
import type { CreatedExport, ExportPreview, ExportRequest } from "@/lib/export/types";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { cleanTurns, fingerprint, seedBatch, seedExportConversation } from "./support";

/*
 * The export routes in local mode (every request is the local user), through the real
 * handlers, on PGlite or PostgreSQL (TEST_DATABASE_URL). Another user's rows are seeded directly.
 */

const OTHER_USER = randomUUID();
let db: TestDatabase;

const BASE = "http://localhost";
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

function postJson(path: string, body: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

interface ErrorBody {
  error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> } };
}

async function errorOf(response: Response, status: number): Promise<ErrorBody["error"]> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorBody).error;
}

const preview = (body: unknown) => previewRoute(postJson("/api/exports/preview", body), params({}));
const create = (body: unknown) => createRoute(postJson("/api/exports", body), params({}));
const download = (exportId: string) =>
  downloadRoute(new Request(`${BASE}/api/exports/${exportId}/download`), params({ exportId }));

async function previewOk(body: ExportRequest): Promise<ExportPreview> {
  const response = await preview(body);
  expect(response.status).toBe(200);
  return (await response.json()) as ExportPreview;
}

async function createOk(body: ExportRequest): Promise<CreatedExport> {
  const response = await create(body);
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedExport;
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// One batch with every kind of problem, one clean batch of 2-pair conversations.
let problemBatch: string;
let cleanBatch: string;
const problemIds: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);

  problemBatch = await seedBatch(db, LOCAL_USER_ID, "Support | refunds", {
    provider: "offline",
    model: "claude-haiku-4-5",
  });
  for (let i = 0; i < 5; i += 1) {
    await seedExportConversation(db, LOCAL_USER_ID, cleanTurns(2), {
      batchJobId: problemBatch,
      metadata: { provider: "offline", model: "claude-haiku-4-5" },
    });
  }
  const u = (content: string) => ({ role: "user" as const, content });
  const a = (content: string) => ({ role: "assistant" as const, content });
  problemIds.empty = await seedExportConversation(db, LOCAL_USER_ID, [u("hi"), a("  ")], { batchJobId: problemBatch });
  problemIds.alternating = await seedExportConversation(db, LOCAL_USER_ID, [u("a"), u("b"), a("c")], {
    batchJobId: problemBatch,
  });
  problemIds.lastUser = await seedExportConversation(db, LOCAL_USER_ID, [u("a"), a("b"), u("c")], {
    batchJobId: problemBatch,
  });
  problemIds.original = await seedExportConversation(db, LOCAL_USER_ID, [u("same question"), a("same answer")], {
    batchJobId: problemBatch,
    title: "The original",
  });
  problemIds.duplicate = await seedExportConversation(db, LOCAL_USER_ID, [u("same question"), a("same answer")], {
    batchJobId: problemBatch,
  });
  problemIds.large = await seedExportConversation(db, LOCAL_USER_ID, [u("long"), a("x".repeat(130_000))], {
    batchJobId: problemBatch,
  });

  cleanBatch = await seedBatch(db, LOCAL_USER_ID, "Clean batch");
  for (let i = 0; i < 3; i += 1)
    await seedExportConversation(db, LOCAL_USER_ID, cleanTurns(1), { batchJobId: cleanBatch });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("POST /api/exports/preview", () => {
  it("counts the examples and reports each problem with its conversation", async () => {
    const report = await previewOk({
      selection: { kind: "batch", batchId: problemBatch },
      options: { format: "messages" },
    });
    expect(report.conversations).toBe(11);
    expect(report.examples).toBe(11);
    expect(report.problemCount).toBe(5);
    const byKind = Object.fromEntries(report.problems.map((p) => [p.kind, p]));
    expect(byKind.empty_turn).toMatchObject({ conversationId: problemIds.empty, message: "Turn 2 is empty." });
    expect(byKind.roles_not_alternating?.conversationId).toBe(problemIds.alternating);
    expect(byKind.last_turn_not_assistant?.conversationId).toBe(problemIds.lastUser);
    expect(byKind.duplicate).toMatchObject({
      conversationId: problemIds.duplicate,
      message: "Same content as “The original”.",
    });
    expect(byKind.too_large?.conversationId).toBe(problemIds.large);
    expect(report.turnsPerExample).toEqual({ min: 2, median: 3, max: 4 }); // 2,2,2,2,3,3,4,4,4,4,4
    expect(report.estimatedTokens).toBeGreaterThan(130_000 / 4);
    expect(report.split).toBeNull();
  });

  it("excludes the problems when asked, and gives the split's sizes", async () => {
    const report = await previewOk({
      selection: { kind: "batch", batchId: problemBatch },
      options: { format: "sharegpt", excludeProblems: true, validationPercent: 20, seed: 1 },
    });
    expect(report.examples).toBe(6); // 5 clean + the original of the duplicate
    expect(report.problemCount).toBe(5);
    expect(report.split).toEqual({ train: 5, validation: 1 });
  });

  it("alpaca lists multi-turn conversations as not_single_turn skips", async () => {
    const report = await previewOk({ selection: { kind: "all" }, options: { format: "alpaca" } });
    const skips = report.problems.filter((p) => p.kind === "not_single_turn");
    // 5 two-pair conversations + the 3-turn ones (alternating, last user) are not single-turn.
    expect(skips).toHaveLength(7);
    expect(report.examples).toBe(report.conversations - 7);
  });
});

describe("GET /api/exports/:exportId/download", () => {
  it("streams a .jsonl with one line per example", async () => {
    const request: ExportRequest = {
      selection: { kind: "batch", batchId: problemBatch },
      options: { format: "messages", systemPrompt: "You are helpful.", excludeProblems: true },
    };
    const report = await previewOk(request);
    const created = await createOk(request);
    expect(created.downloadUrl).toBe(`/api/exports/${created.exportId}/download`);
    expect(created.fileName).toMatch(/^support-refunds-messages-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(new Date(created.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);

    const response = await download(created.exportId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${created.fileName}"`);
    expect(response.body).toBeInstanceOf(ReadableStream);
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    const lines = jsonLines(text);
    expect(lines).toHaveLength(report.examples);
    for (const line of lines) {
      const messages = line.messages as { role: string; content: string }[];
      expect(messages[0]).toEqual({ role: "system", content: "You are helpful." });
      expect(messages.slice(1).map((m) => m.role)).toEqual(
        messages.slice(1).map((_, i) => (i % 2 === 0 ? "user" : "assistant")),
      );
    }
    expect(text).toContain("ünïcode 🚀\\nsecond line");
  });

  it("with a split: a zip of train.jsonl, validation.jsonl and README.md with the right counts", async () => {
    const request: ExportRequest = {
      selection: { kind: "all" },
      options: { format: "sharegpt", validationPercent: 25, seed: 42, excludeProblems: true },
    };
    const report = await previewOk(request);
    const created = await createOk(request);
    expect(created.fileName).toMatch(/^conversations-sharegpt-\d{4}-\d{2}-\d{2}\.zip$/);
    const response = await download(created.exportId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["README.md", "train.jsonl", "validation.jsonl"]);
    const train = jsonLines(strFromU8(files["train.jsonl"] as Uint8Array));
    const validation = jsonLines(strFromU8(files["validation.jsonl"] as Uint8Array));
    expect({ train: train.length, validation: validation.length }).toEqual(report.split);
    expect(train.length + validation.length).toBe(report.examples);
    expect(Math.abs(validation.length - report.examples * 0.25)).toBeLessThanOrEqual(1);
    const key = (line: Record<string, unknown>) => JSON.stringify(line);
    const trainKeys = new Set(train.map(key));
    expect(validation.some((line) => trainKeys.has(key(line)))).toBe(false);
    for (const line of [...train, ...validation]) {
      expect((line.conversations as { from: string }[]).map((turn) => turn.from)[0]).toBe("human");
    }

    const card = strFromU8(files["README.md"] as Uint8Array);
    expect(card).toContain(`| train.jsonl | ${train.length} |`);
    expect(card).toContain(`| validation.jsonl | ${validation.length} |`);
    expect(card).toContain("seed 42");
    expect(card).toContain("25%");
    expect(card).toContain("Support \\| refunds");
    expect(card).toContain("offline");
    expect(card).toContain("claude-haiku-4-5");
    expect(card).toContain(new Date().toISOString().slice(0, 10));

    // The same request again: the same split, byte for byte in the JSONL files.
    const again = unzipSync(new Uint8Array(await (await download((await createOk(request)).exportId)).arrayBuffer()));
    expect(strFromU8(again["validation.jsonl"] as Uint8Array)).toBe(strFromU8(files["validation.jsonl"] as Uint8Array));
  });

  it("the database's split is the reference split: same seed, same ids, stratified by batch", async () => {
    const rows = await db.query<{ id: string; batch_job_id: string | null }>(
      `select id, batch_job_id from public.conversations where user_id = $1 and batch_job_id = any($2::uuid[])`,
      [LOCAL_USER_ID, [problemBatch, cleanBatch]],
    );
    const candidates = rows.map((row) => ({ id: row.id, batchJobId: row.batch_job_id }));
    for (const seed of [1, 42, 99]) {
      const reference = selectValidation(candidates, 30, seed);
      const strata = new Map<string, number>();
      for (const c of candidates) strata.set(c.batchJobId ?? "", (strata.get(c.batchJobId ?? "") ?? 0) + 1);
      const { allocateValidation } = await import("@/lib/export/split");
      const fromSql = await chooseValidationIds({
        db,
        userId: LOCAL_USER_ID,
        selection: { kind: "all" },
        cutoff: await databaseNow(db),
        seed,
        excluded: (
          await db.query<{ id: string }>(
            `select id from public.conversations where user_id = $1 and (batch_job_id is null or not (batch_job_id = any($2::uuid[])))`,
            [LOCAL_USER_ID, [problemBatch, cleanBatch]],
          )
        ).map((row) => row.id),
        allocation: allocateValidation(strata, 30),
      });
      expect([...fromSql].sort()).toEqual([...reference].sort());
    }
  });

  it("410 once expired", async () => {
    const created = await createOk({
      selection: { kind: "batch", batchId: cleanBatch },
      options: { format: "messages" },
    });
    await db.query(
      `update public.export_requests set expires_at = now() - interval '1 second', created_at = now() - interval '2 hours' where id = $1`,
      [created.exportId],
    );
    expect((await errorOf(await download(created.exportId), 410)).code).toBe("ERR_GONE");
  });
});

describe("another user's data", () => {
  let foreignBatch: string;
  let foreignConversation: string;
  const foreignTag = `foreign-${randomUUID()}`;

  beforeAll(async () => {
    foreignBatch = await seedBatch(db, OTHER_USER, "Not yours");
    foreignConversation = await seedExportConversation(db, OTHER_USER, cleanTurns(1, foreignTag), {
      batchJobId: foreignBatch,
    });
  });

  it("404 for another user's batch or ids, on preview and create; nothing stored", async () => {
    const [own] = await db.query<{ id: string }>(`select id from public.conversations where user_id = $1 limit 1`, [
      LOCAL_USER_ID,
    ]);
    const before = await fingerprint(db);
    const bodies: ExportRequest[] = [
      { selection: { kind: "batch", batchId: foreignBatch }, options: { format: "messages" } },
      { selection: { kind: "batch", batchId: randomUUID() }, options: { format: "messages" } },
      { selection: { kind: "ids", ids: [own?.id as string, foreignConversation] }, options: { format: "messages" } },
    ];
    for (const body of bodies) {
      const previewError = await errorOf(await preview(body), 404);
      expect(previewError.code).toBe("ERR_NOT_FOUND");
      expect(JSON.stringify(previewError)).not.toContain(foreignTag);
      await errorOf(await create(body), 404);
    }
    expect(await fingerprint(db)).toBe(before);
  });

  it("404 for another user's export link", async () => {
    const foreign = await createExport({
      db,
      userId: OTHER_USER,
      request: { selection: { kind: "all" }, options: { format: "messages" } },
    });
    expect((await errorOf(await download(foreign.exportId), 404)).code).toBe("ERR_NOT_FOUND");
    await errorOf(await download(randomUUID()), 404);
  });

  it("an export of everything holds only the user's own conversations", async () => {
    const created = await createOk({ selection: { kind: "all" }, options: { format: "messages" } });
    const text = await (await download(created.exportId)).text();
    expect(text).not.toContain(foreignTag);
    const report = await previewOk({ selection: { kind: "all" }, options: { format: "messages" } });
    expect(jsonLines(text)).toHaveLength(report.examples);
    const [own] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.conversations where user_id = $1`,
      [LOCAL_USER_ID],
    );
    expect(report.conversations).toBe(own?.n);
  });
});

describe("bad options: 400 naming the field, nothing stored", () => {
  const ok = { selection: { kind: "all" }, options: { format: "messages" } };
  const cases: [string, unknown, string][] = [
    ["an unknown format", { ...ok, options: { format: "csv" } }, "options.format"],
    ["no format", { ...ok, options: {} }, "options.format"],
    [
      "a split over 50%",
      { ...ok, options: { format: "messages", validationPercent: 60 } },
      "options.validationPercent",
    ],
    [
      "a fractional split",
      { ...ok, options: { format: "messages", validationPercent: 10.5 } },
      "options.validationPercent",
    ],
    ["a negative seed", { ...ok, options: { format: "messages", validationPercent: 10, seed: -1 } }, "options.seed"],
    ["a seed as text", { ...ok, options: { format: "messages", seed: "42" } }, "options.seed"],
    [
      "a system prompt too long",
      { ...ok, options: { format: "messages", systemPrompt: "x".repeat(4_001) } },
      "options.systemPrompt",
    ],
    [
      "excludeProblems as text",
      { ...ok, options: { format: "messages", excludeProblems: "yes" } },
      "options.excludeProblems",
    ],
    ["an unknown selection kind", { ...ok, selection: { kind: "some" } }, "selection.kind"],
    ["a bad batch id", { ...ok, selection: { kind: "batch", batchId: "nope" } }, "selection.batchId"],
    ["no ids", { ...ok, selection: { kind: "ids", ids: [] } }, "selection.ids"],
    ["a bad id", { ...ok, selection: { kind: "ids", ids: ["x"] } }, "selection.ids.0"],
    ["no selection", { options: ok.options }, "selection"],
  ];
  it.each(cases)("%s -> 400 naming the field", async (_label, body, field) => {
    const before = await fingerprint(db);
    for (const response of [await preview(body), await create(body)]) {
      const error = await errorOf(response, 400);
      expect(error.details?.fieldErrors).toHaveProperty([field]);
    }
    expect(await fingerprint(db)).toBe(before);
  });

  it("a bad export id in the path -> 400 naming exportId", async () => {
    const error = await errorOf(await download("not-a-uuid"), 400);
    expect(error.details?.fieldErrors).toHaveProperty(["exportId"]);
  });
});
