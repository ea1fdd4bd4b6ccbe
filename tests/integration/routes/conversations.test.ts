import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/conversations/route";
import { GET as getRoute } from "@/app/api/conversations/[id]/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { NO_PARAMS, routeParams, seedConversation, tableFingerprint } from "./seed";

/*
 * The conversation routes in local mode (no Supabase): every request is the local user.
 * Another user's rows are seeded directly to prove they never show through.
 */

const OTHER_USER_ID = randomUUID();
let db: TestDatabase;
let ownWithTurns: string;
let foreignId: string;

interface ErrorShape {
  error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> }; errorId?: string };
}
interface ListBody {
  items: {
    id: string;
    title: string;
    turnCount: number;
    createdAt: string;
    updatedAt: string;
    persona: string | null;
  }[];
  nextCursor: string | null;
}

function list(query = ""): Promise<Response> {
  return listRoute(new Request(`http://localhost/api/conversations${query}`), NO_PARAMS);
}

function getOne(id: string): Promise<Response> {
  return getRoute(new Request(`http://localhost/api/conversations/${encodeURIComponent(id)}`), routeParams({ id }));
}

async function walk(limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await list(`?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ListBody;
    expect(body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...body.items.map((item) => item.id));
    cursor = body.nextCursor;
    if (cursor === null) return ids;
  }
  throw new Error("pagination did not end");
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);

  // Ties on created_at (same instant, and instants a microsecond apart) are where keyset
  // pagination breaks if the cursor loses precision or ignores the id.
  for (let i = 0; i < 20; i++) await seedConversation(db, { userId: LOCAL_USER_ID, createdAt: "2026-03-01T10:00:00Z" });
  for (let i = 1; i <= 5; i++) {
    await seedConversation(db, { userId: LOCAL_USER_ID, createdAt: `2026-03-01T10:00:00.00000${i}Z` });
  }
  for (let i = 0; i < 8; i++) {
    await seedConversation(db, { userId: LOCAL_USER_ID, createdAt: `2026-02-0${i + 1}T08:00:00.123Z` });
  }
  ownWithTurns = await seedConversation(db, {
    userId: LOCAL_USER_ID,
    title: "Billing dispute",
    createdAt: "2026-01-15T12:00:00Z",
    turns: 6,
  });
  for (let i = 0; i < 10; i++) await seedConversation(db, { userId: OTHER_USER_ID, createdAt: "2026-03-01T10:00:00Z" });
  foreignId = await seedConversation(db, { userId: OTHER_USER_ID, title: "Someone else's", turns: 2 });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("GET /api/conversations", () => {
  it("lists only the user's conversations, newest first, 20 by default", async () => {
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as ListBody;
    expect(body.items).toHaveLength(20);
    expect(body.nextCursor).toEqual(expect.any(String));
    const [newest] = body.items;
    expect(newest?.createdAt).toBe("2026-03-01T10:00:00.000Z");
    expect(newest?.persona).toBe("support agent");
  });

  it.each([1, 7, 20, 100])("walks every row exactly once with limit=%i, ties included", async (limit) => {
    const expected = await db.query<{ id: string }>(
      "select id from public.conversations where user_id = $1 order by created_at desc, id desc",
      [LOCAL_USER_ID],
    );
    const ids = await walk(limit);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(ids).not.toContain(foreignId);
  });

  it("counts turns per conversation", async () => {
    const ids = await walk(100);
    expect(ids).toContain(ownWithTurns);
    const body = (await (await list("?limit=100")).json()) as ListBody;
    expect(body.items.find((item) => item.id === ownWithTurns)?.turnCount).toBe(6);
    expect(body.items.filter((item) => item.id !== ownWithTurns).every((item) => item.turnCount === 0)).toBe(true);
  });

  it("ignores unknown query parameters, including an attempt to pick another user", async () => {
    const response = await list(`?limit=100&userId=${OTHER_USER_ID}&user_id=${OTHER_USER_ID}&foo=bar`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ListBody;
    expect(body.items).toHaveLength(34);
    expect(body.items.map((item) => item.id)).not.toContain(foreignId);
  });

  it("treats an empty limit or cursor as absent", async () => {
    const body = (await (await list("?limit=&cursor=")).json()) as ListBody;
    expect(body.items).toHaveLength(20);
  });
});

describe("GET /api/conversations/:id", () => {
  it("returns the conversation with its turns in order", async () => {
    const response = await getOne(ownWithTurns);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      id: string;
      title: string;
      turnCount: number;
      turns: { turnIndex: number; role: string; content: string }[];
    };
    expect(body).toMatchObject({ id: ownWithTurns, title: "Billing dispute", turnCount: 6 });
    expect(body.turns.map((turn) => turn.turnIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(body.turns.map((turn) => turn.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("accepts an uppercase UUID", async () => {
    expect((await getOne(ownWithTurns.toUpperCase())).status).toBe(200);
  });

  it("answers another user's conversation exactly like a missing one (404, same body)", async () => {
    const foreign = await getOne(foreignId);
    const missing = await getOne(randomUUID());
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const foreignBody = (await foreign.json()) as ErrorShape;
    // Each answer has its own errorId; everything else is the same.
    expect(foreignBody).toEqual({
      error: { ...((await missing.json()) as ErrorShape).error, errorId: expect.stringMatching(/^err_/) },
    });
    expect(foreignBody.error.code).toBe("ERR_NOT_FOUND");
    expect(JSON.stringify(foreignBody)).not.toContain(foreignId);
  });
});

describe("bad input to the conversation routes", () => {
  let before: string;
  beforeAll(async () => {
    before = await tableFingerprint(db);
  });
  afterAll(async () => {
    expect(await tableFingerprint(db)).toBe(before);
  });

  function expectErrorShape(body: ErrorShape, code: string, field: string): void {
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/\w/);
    expect(body.error.details?.fieldErrors?.[field]?.length).toBeGreaterThan(0);
    expect(body.error.errorId).toMatch(/^err_/);
    expect(JSON.stringify(body)).not.toMatch(/stack|select |at \/|node_modules/i);
  }

  it.each([
    "not-a-uuid",
    "1",
    "' OR '1'='1",
    "1; DROP TABLE conversations; --",
    `${randomUUID()}' OR 1=1 --`,
    "00000000-0000-0000-0000-00000000000g",
    `{${randomUUID()}}`,
    randomUUID().replace(/-/g, ""),
    ` ${randomUUID()}`,
    "../../etc/passwd",
    "%00",
    "\u0000",
    "x".repeat(5_000),
    "",
  ])("rejects the id %j with 400 ERR_VAL_INVALID_ID naming id", async (id) => {
    const response = await getOne(id);
    expect(response.status).toBe(400);
    expectErrorShape((await response.json()) as ErrorShape, "ERR_VAL_INVALID_ID", "id");
  });

  it("rejects a catch-all style array id", async () => {
    const response = await getRoute(new Request("http://localhost/api/conversations/a/b"), {
      params: Promise.resolve({ id: ["a", "b"] as unknown as string }),
    });
    expect(response.status).toBe(400);
  });

  const fakeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  it.each([
    ["garbage", "garbage!!"],
    ["not base64 JSON", Buffer.from("hello").toString("base64url")],
    ["wrong fields", fakeCursor({ a: 1 })],
    ["a non-UUID id", fakeCursor({ t: "2026-03-01T10:00:00.000000Z", i: "1 or 1=1" })],
    ["an impossible date", fakeCursor({ t: "2026-02-30T10:00:00.000000Z", i: randomUUID() })],
    ["year zero, which Postgres rejects", fakeCursor({ t: "0000-01-01T00:00:00.000000Z", i: randomUUID() })],
    ["a millisecond timestamp", fakeCursor({ t: "2026-03-01T10:00:00.000Z", i: randomUUID() })],
    ["SQL in the timestamp", fakeCursor({ t: "2026-03-01'; drop table conversations; --", i: randomUUID() })],
    ["a JSON array", fakeCursor(["2026-03-01T10:00:00.000000Z", randomUUID()])],
    ["an oversized cursor", "A".repeat(5_000)],
  ])("rejects a cursor with %s as 400 naming cursor", async (_label, cursor) => {
    const response = await list(`?cursor=${encodeURIComponent(cursor)}`);
    expect(response.status).toBe(400);
    expectErrorShape((await response.json()) as ErrorShape, "ERR_VAL_INVALID_INPUT", "cursor");
  });

  it.each(["0", "101", "1000", "abc", "-1", "1.5", "1e2", "0x10", " 5", "99999999999999999999"])(
    "rejects limit=%s as 400 naming limit",
    async (limit) => {
      const response = await list(`?limit=${encodeURIComponent(limit)}`);
      expect(response.status).toBe(400);
      expectErrorShape((await response.json()) as ErrorShape, "ERR_VAL_INVALID_INPUT", "limit");
    },
  );

  it("rejects a repeated limit instead of picking one", async () => {
    const response = await list("?limit=1&limit=2");
    expect(response.status).toBe(400);
    expectErrorShape((await response.json()) as ErrorShape, "ERR_VAL_INVALID_INPUT", "limit");
  });
});
