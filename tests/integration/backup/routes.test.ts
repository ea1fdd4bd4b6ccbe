import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Read once by lib/env on first use: set before any route runs.
const CRON_SECRET = vi.hoisted(() => {
  const secret = "test-cron-secret-0123456789abcdef";
  process.env.CRON_SECRET = secret;
  return secret;
});

import { POST as createRoute } from "@/app/api/backup/create/route";
import { GET as downloadRoute } from "@/app/api/backup/download/[backupId]/route";
import { POST as restoreRoute } from "@/app/api/backup/[backupId]/restore/route";
import { GET as listRoute } from "@/app/api/backups/route";
import { POST as bulkDeleteRoute } from "@/app/api/conversations/bulk-delete/route";
import { GET as cronRoute } from "@/app/api/cron/cleanup-backups/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { authorizeCron } from "@/lib/backup/cron-auth";
import { createBackup } from "@/lib/backup";
import type { BackupDocument } from "@/lib/backup/document";
import { setDatabaseForTesting } from "@/lib/db";
import { AppError } from "@/lib/errors/classes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { expectedBackupConversations, expireBackup, fingerprint, seedConversations, snapshotRows } from "./support";

/*
 * The backup and bulk-delete routes in local mode (every request is the local user), through
 * the real handlers; another user's rows are seeded directly.
 */

const OTHER_USER = randomUUID();
let db: TestDatabase;

interface ErrorBody {
  error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> }; errorId?: string };
}

const BASE = "http://localhost";
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const NO_PARAMS = params({});

function postJson(path: string, body: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const create = (body: unknown) => createRoute(postJson("/api/backup/create", body), NO_PARAMS);
const bulkDelete = (body: unknown) => bulkDeleteRoute(postJson("/api/conversations/bulk-delete", body), NO_PARAMS);
const download = (backupId: string) =>
  downloadRoute(new Request(`${BASE}/api/backup/download/${encodeURIComponent(backupId)}`), params({ backupId }));
const restore = (backupId: string) =>
  restoreRoute(
    new Request(`${BASE}/api/backup/${encodeURIComponent(backupId)}/restore`, { method: "POST" }),
    params({ backupId }),
  );
const cron = (authorization?: string) =>
  cronRoute(
    new Request(`${BASE}/api/cron/cleanup-backups`, authorization === undefined ? {} : { headers: { authorization } }),
    NO_PARAMS,
  );

async function errorOf(response: Response, status: number): Promise<ErrorBody["error"]> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorBody).error;
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("create -> download -> bulk delete -> restore over HTTP", () => {
  it("round-trips the selected conversations", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 3, 4);
    const before = await snapshotRows(db, ids);

    const created = await create({ conversationIds: ids, reason: "bulk_delete" });
    expect(created.status).toBe(201);
    const backup = (await created.json()) as {
      backupId: string;
      conversationCount: number;
      sizeBytes: number;
      expiresAt: string;
      downloadUrl: string;
    };
    expect(backup).toMatchObject({ conversationCount: 3, downloadUrl: `/api/backup/download/${backup.backupId}` });

    const file = await download(backup.backupId);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="${backup.backupId}.json"`);
    expect(file.headers.get("content-type")).toMatch(/^application\/json/);
    expect(file.body).toBeInstanceOf(ReadableStream);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.byteLength).toBe(backup.sizeBytes);
    expect(Number(file.headers.get("content-length"))).toBe(backup.sizeBytes);
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as BackupDocument;
    expect(doc).toMatchObject({ version: "1.0", backupId: backup.backupId, backupReason: "bulk_delete" });
    expect(doc.conversations).toEqual(await expectedBackupConversations(db, ids));

    const listed = (await (await listRoute(new Request(`${BASE}/api/backups`), NO_PARAMS)).json()) as {
      backups: { backupId: string }[];
    };
    expect(listed.backups.map((b) => b.backupId)).toContain(backup.backupId);

    const deleted = await bulkDelete({ ids, backupId: backup.backupId });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: 3 });
    expect(await snapshotRows(db, ids)).toEqual({ conversations: [], turns: [] });

    const first = await restore(backup.backupId);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ restored: 3, skipped: 0 });
    expect(await snapshotRows(db, ids)).toEqual(before);
    expect(await (await restore(backup.backupId)).json()).toEqual({ restored: 0, skipped: 3 });
  });

  it("deletes without a backup only with confirmWithoutBackup: true", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 2, 1);
    const before = await fingerprint(db);
    const refused = await errorOf(await bulkDelete({ ids }), 400);
    expect(refused.details?.fieldErrors).toHaveProperty("backupId");
    expect(await fingerprint(db)).toBe(before);
    expect(await (await bulkDelete({ ids, confirmWithoutBackup: true })).json()).toEqual({ deleted: 2 });
  });
});

describe("another user's data and expired backups", () => {
  let foreignBackupId: string;
  let ownIds: string[];

  beforeAll(async () => {
    const foreignIds = await seedConversations(db, OTHER_USER, 2);
    foreignBackupId = (await createBackup({ db, userId: OTHER_USER, conversationIds: foreignIds })).backupId;
    ownIds = await seedConversations(db, LOCAL_USER_ID, 2);
  });

  it("404 for another user's backup: download, restore, and as a delete's backup; nothing changes", async () => {
    const before = await fingerprint(db);
    expect((await errorOf(await download(foreignBackupId), 404)).code).toBe("ERR_NOT_FOUND");
    await errorOf(await restore(foreignBackupId), 404);
    await errorOf(await bulkDelete({ ids: ownIds, backupId: foreignBackupId }), 404);
    await errorOf(await download("bkp_unknownBackup123456"), 404);
    expect(await fingerprint(db)).toBe(before);
  });

  it("404 for ids that are not the user's, on create and on delete; nothing created or deleted", async () => {
    const [foreignId] = await db.query<{ id: string }>(
      `select id from public.conversations where user_id = $1 limit 1`,
      [OTHER_USER],
    );
    const before = await fingerprint(db);
    await errorOf(await create({ conversationIds: [...ownIds, foreignId?.id] }), 404);
    const partly = await errorOf(
      await bulkDelete({ ids: [...ownIds, foreignId?.id], confirmWithoutBackup: true }),
      404,
    );
    // Another user's id counts as missing, like an unknown one: nothing says it exists.
    expect(partly.details).toEqual({ missing: 1, selected: 3 });
    const unknown = await errorOf(await bulkDelete({ ids: [randomUUID()], confirmWithoutBackup: true }), 404);
    expect(unknown.details).toEqual({ missing: 1, selected: 1 });
    expect(await fingerprint(db)).toBe(before);
  });

  it("410 once expired: no download, no restore, no delete", async () => {
    const created = (await (await create({ conversationIds: ownIds })).json()) as { backupId: string };
    await expireBackup(db, created.backupId);
    const before = await fingerprint(db);
    expect((await errorOf(await download(created.backupId), 410)).code).toBe("ERR_GONE");
    await errorOf(await restore(created.backupId), 410);
    await errorOf(await bulkDelete({ ids: ownIds, backupId: created.backupId }), 410);
    expect(await fingerprint(db)).toBe(before);
  });

  it("409 when the backup does not cover every id", async () => {
    const created = (await (await create({ conversationIds: [ownIds[0]] })).json()) as { backupId: string };
    const before = await fingerprint(db);
    const error = await errorOf(await bulkDelete({ ids: ownIds, backupId: created.backupId }), 409);
    expect(error.message).toMatch(/does not include 1 of the 2/);
    expect(await fingerprint(db)).toBe(before);
  });
});

describe("bad input: 4xx naming the field, nothing changed", () => {
  const tooMany = Array.from({ length: 1001 }, () => randomUUID());

  const createCases: [string, unknown, string][] = [
    ["no ids", {}, "conversationIds"],
    ["0 ids", { conversationIds: [] }, "conversationIds"],
    ["1001 ids", { conversationIds: tooMany }, "conversationIds"],
    ["a bad id", { conversationIds: ["not-a-uuid"] }, "conversationIds.0"],
    ["ids as a string", { conversationIds: randomUUID() }, "conversationIds"],
    ["a number as id", { conversationIds: [42] }, "conversationIds.0"],
    ["a reason that is not text", { conversationIds: [randomUUID()], reason: 5 }, "reason"],
    ["a reason too long", { conversationIds: [randomUUID()], reason: "x".repeat(501) }, "reason"],
    ["a body that is an array", [randomUUID()], "body"],
  ];
  it.each(createCases)("POST /api/backup/create with %s -> 400 naming %s", async (_label, body, field) => {
    const before = await fingerprint(db);
    const error = await errorOf(await create(body), 400);
    expect(error.details?.fieldErrors).toHaveProperty([field]);
    expect(error.message).toContain(field);
    expect(await fingerprint(db)).toBe(before);
  });

  const deleteCases: [string, unknown, string][] = [
    ["no ids", { confirmWithoutBackup: true }, "ids"],
    ["0 ids", { ids: [], confirmWithoutBackup: true }, "ids"],
    ["1001 ids", { ids: tooMany, confirmWithoutBackup: true }, "ids"],
    ["a bad id", { ids: ["123"], confirmWithoutBackup: true }, "ids.0"],
    ["ids as an object", { ids: { a: 1 }, confirmWithoutBackup: true }, "ids"],
    ["a bad backupId format", { ids: [randomUUID()], backupId: "bad id!" }, "backupId"],
    ["a backupId that is a number", { ids: [randomUUID()], backupId: 12345678 }, "backupId"],
    ["confirmWithoutBackup: false", { ids: [randomUUID()], confirmWithoutBackup: false }, "confirmWithoutBackup"],
    ["confirmWithoutBackup as text", { ids: [randomUUID()], confirmWithoutBackup: "true" }, "confirmWithoutBackup"],
    ["neither backupId nor confirmation", { ids: [randomUUID()] }, "backupId"],
  ];
  it.each(deleteCases)("POST /api/conversations/bulk-delete with %s -> 400 naming %s", async (_label, body, field) => {
    const before = await fingerprint(db);
    const error = await errorOf(await bulkDelete(body), 400);
    expect(error.details?.fieldErrors).toHaveProperty([field]);
    expect(await fingerprint(db)).toBe(before);
  });

  it("malformed JSON and a wrong content type are refused before anything runs", async () => {
    const before = await fingerprint(db);
    expect((await errorOf(await create("{not json"), 400)).code).toBe("ERR_VAL_MALFORMED_JSON");
    const text = new Request(`${BASE}/api/conversations/bulk-delete`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect((await bulkDeleteRoute(text, NO_PARAMS)).status).toBe(415);
    expect(await fingerprint(db)).toBe(before);
  });

  it.each(["short", "has space in it", "semi;colon;x", "x".repeat(101), "../../etc/passwd"])(
    "a backupId path of %j -> 400 naming backupId on download and restore",
    async (backupId) => {
      const before = await fingerprint(db);
      for (const response of [await download(backupId), await restore(backupId)]) {
        const error = await errorOf(response, 400);
        expect(error.code).toBe("ERR_VAL_INVALID_ID");
        expect(error.details?.fieldErrors).toHaveProperty("backupId");
      }
      expect(await fingerprint(db)).toBe(before);
    },
  );
});

describe("GET /api/cron/cleanup-backups", () => {
  it("is a 401 without a secret or with a wrong one, and removes nothing", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 1);
    const expired = (await (await create({ conversationIds: ids })).json()) as { backupId: string };
    await expireBackup(db, expired.backupId);
    const before = await fingerprint(db);
    for (const header of [
      undefined,
      "",
      `Bearer wrong-${CRON_SECRET}`,
      `Bearer ${CRON_SECRET.slice(0, -1)}`,
      CRON_SECRET,
      `Basic ${CRON_SECRET}`,
    ]) {
      const error = await errorOf(await cron(header), 401);
      expect(error.message).not.toContain(CRON_SECRET);
    }
    expect(await fingerprint(db)).toBe(before);
  });

  it("with the right secret removes the expired backups, and two runs at once remove each once", async () => {
    const ids = await seedConversations(db, LOCAL_USER_ID, 1);
    const live = (await (await create({ conversationIds: ids })).json()) as { backupId: string };
    const [{ n: expiredCount } = { n: 0 }] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.backup_exports where expires_at <= now()`,
    );
    for (let i = 0; i < 3; i += 1) {
      const b = (await (await create({ conversationIds: ids })).json()) as { backupId: string };
      await expireBackup(db, b.backupId);
    }
    const responses = await Promise.all([cron(`Bearer ${CRON_SECRET}`), cron(`Bearer ${CRON_SECRET}`)]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { removed: number; skipped?: string }[];
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(bodies.reduce((sum, body) => sum + body.removed, 0)).toBe(Number(expiredCount) + 3);
    const [left] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.backup_exports where expires_at <= now()`,
    );
    expect(left?.n).toBe(0);
    expect((await download(live.backupId)).status).toBe(200);

    expect(await (await cron(`Bearer ${CRON_SECRET}`)).json()).toEqual({
      removed: 0,
      remaining: 0,
      pruned: {
        errorLogs: expect.any(Number),
        batchWorkers: expect.any(Number),
        rateLimitWindows: expect.any(Number),
        exportRequests: expect.any(Number),
      },
    });
  });

  it("refuses to run with no CRON_SECRET: 500 ERR_CONFIG_INVALID in production, 401 elsewhere", () => {
    const request = new Request(`${BASE}/api/cron/cleanup-backups`, {
      headers: { authorization: "Bearer anything-at-all-here" },
    });
    const production = (() => {
      try {
        authorizeCron(request, { NODE_ENV: "production", CRON_SECRET: undefined });
      } catch (error) {
        return error;
      }
    })();
    expect(production).toBeInstanceOf(AppError);
    expect((production as AppError).code).toBe("ERR_CONFIG_INVALID");
    expect((production as AppError).message).toMatch(/CRON_SECRET is not set/);
    expect(() => authorizeCron(request, { NODE_ENV: "development", CRON_SECRET: undefined })).toThrow(
      /CRON_SECRET is not set/,
    );
    expect(() => authorizeCron(request, { NODE_ENV: "production", CRON_SECRET: "anything-at-all-here" })).not.toThrow();
  });
});
