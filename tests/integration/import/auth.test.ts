import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as importRoute } from "@/app/api/imports/route";
import { createBackup } from "@/lib/backup";
import { streamBackupDocument } from "@/lib/backup/backup-stream";
import { setDatabaseForTesting } from "@/lib/db";
import { mintToken, SUPABASE_TEST_VARS } from "@/tests/support/auth-tokens";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { collect, fingerprint, seedConversations, snapshotRows } from "../backup/support";
import { errorOf, importRequest, NO_PARAMS, watchedStream } from "./support";

/*
 * POST /api/imports in Supabase mode (a local JWT secret): two real users, and a caller
 * without a token. The environment is set as a deployment sets it.
 */

const USER_A = randomUUID();
const USER_B = randomUUID();
let db: TestDatabase;

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  await db?.close();
});

async function as(user: string, request: Request): Promise<Response> {
  const token = await mintToken({ sub: user });
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${token}`);
  return importRoute(new Request(request, { headers }), NO_PARAMS);
}

describe("who may import", () => {
  it("401 for an anonymous caller, without reading the body", async () => {
    const before = await fingerprint(db);
    for (const format of ["backup", "messages"] as const) {
      const { stream, pulls } = watchedStream([new TextEncoder().encode('{"messages":[]}\n')]);
      const error = await errorOf(await importRoute(importRequest(format, stream), NO_PARAMS), 401);
      expect(error.code).toMatch(/^ERR_AUTH_/);
      expect(pulls()).toBe(0);
    }
    const { stream, pulls } = watchedStream([new TextEncoder().encode("{}")]);
    await errorOf(
      await importRoute(
        importRequest("messages", stream, { headers: { authorization: "Bearer not-a-token" } }),
        NO_PARAMS,
      ),
      401,
    );
    expect(pulls()).toBe(0);
    expect(await fingerprint(db)).toBe(before);
  });

  it("imports JSONL as the caller's own conversations", async () => {
    const line = JSON.stringify({
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
      ],
    });
    // The same kind of watched body as above: read once the caller is known.
    const { stream, pulls } = watchedStream([new TextEncoder().encode(`${line}\n${line}\n`)]);
    const response = await as(USER_B, importRequest("messages", stream));
    expect(await response.json()).toEqual({ format: "messages", imported: 2, skipped: 0 });
    expect(pulls()).toBeGreaterThan(0);
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.conversations where user_id = $1",
      [USER_B],
    );
    expect(row?.n).toBe(2);
  });
});

describe("another user's rows", () => {
  it("B importing A's backup file while A's conversations exist: 409, A's rows untouched, nothing of B's written", async () => {
    const idsOfA = await seedConversations(db, USER_A, 2, 3);
    const { backupId } = await createBackup({ db, userId: USER_A, conversationIds: idsOfA });
    const file = await collect(streamBackupDocument({ db, userId: USER_A, backupId }));
    const rowsOfA = await snapshotRows(db, idsOfA);
    const before = await fingerprint(db);

    const error = await errorOf(await as(USER_B, importRequest("backup", file)), 409);
    expect(error.message).toMatch(/conflicts with existing data/);
    const text = JSON.stringify(error);
    for (const secret of [...idsOfA, USER_A, backupId]) expect(text).not.toContain(secret);
    expect(await snapshotRows(db, idsOfA)).toEqual(rowsOfA);
    expect(await fingerprint(db)).toBe(before);

    // A gets the same file back as "already there".
    const own = await as(USER_A, importRequest("backup", file));
    expect(await own.json()).toEqual({ format: "backup", imported: 0, skipped: 2 });
    expect(await snapshotRows(db, idsOfA)).toEqual(rowsOfA);
  });
});
