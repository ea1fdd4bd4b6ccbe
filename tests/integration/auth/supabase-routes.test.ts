import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createBatchRoute } from "@/app/api/batches/route";
import { GET as listRoute } from "@/app/api/conversations/route";
import { GET as getRoute } from "@/app/api/conversations/[id]/route";
import { POST as errorsRoute } from "@/app/api/errors/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import {
  cookieHeader,
  type CookieFormat,
  mintToken,
  SUPABASE_TEST_VARS,
  supabaseAuthCookies,
} from "@/tests/support/auth-tokens";
import { NO_PARAMS, routeParams, seedConversation, tableFingerprint } from "../routes/seed";

/*
 * The routes in Supabase mode with a local JWT secret: the user is the `sub` of the token
 * in the Authorization header or the @supabase/ssr cookie. The environment is set the way
 * a deployment sets it (process.env, read once by serverEnv on the first request).
 */

const USER_A = randomUUID();
const USER_B = randomUUID();
let db: TestDatabase;
let conversationOfA: string;
let conversationOfB: string;

interface ErrorShape {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}

type Auth = { bearer?: string; cookies?: { name: string; value: string }[] };

function headersFor(auth: Auth): Record<string, string> {
  const headers: Record<string, string> = {};
  if (auth.bearer !== undefined) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth.cookies) headers.cookie = cookieHeader(auth.cookies);
  return headers;
}

function list(auth: Auth, query = "?limit=100"): Promise<Response> {
  return listRoute(new Request(`http://localhost/api/conversations${query}`, { headers: headersFor(auth) }), NO_PARAMS);
}

function getOne(auth: Auth, id: string): Promise<Response> {
  return getRoute(
    new Request(`http://localhost/api/conversations/${id}`, { headers: headersFor(auth) }),
    routeParams({ id }),
  );
}

async function idsOf(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id);
}

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  db = await createTestDatabase();
  setDatabaseForTesting(db);
  conversationOfA = await seedConversation(db, { userId: USER_A, title: "A's secret plan", turns: 2 });
  for (let i = 0; i < 4; i++) await seedConversation(db, { userId: USER_A });
  conversationOfB = await seedConversation(db, { userId: USER_B, title: "B's conversation" });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  await db?.close();
});

describe("Supabase mode", () => {
  it("is what the server runs in (health says so, without any token)", async () => {
    const response = await healthRoute(new Request("http://localhost/api/health"), NO_PARAMS);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", auth: "supabase" });
  });
});

describe("who the user is", () => {
  it("is the sub of a valid bearer token", async () => {
    const ids = await idsOf(await list({ bearer: await mintToken({ sub: USER_A }) }));
    expect(ids).toHaveLength(5);
    expect(ids).toContain(conversationOfA);
  });

  it.each([
    ["base64 (the @supabase/ssr default)", { base64: true } as CookieFormat],
    ["raw JSON", { base64: false }],
    ["chunked base64", { base64: true, chunkSize: 300 }],
    ["chunked raw JSON", { base64: false, chunkSize: 300 }],
  ])("is the sub of the token in a %s session cookie", async (_label, format) => {
    const cookies = supabaseAuthCookies(await mintToken({ sub: USER_B }), format);
    if (format.chunkSize !== undefined) expect(cookies.length).toBeGreaterThan(1);
    expect(await idsOf(await list({ cookies }))).toEqual([conversationOfB]);
  });

  it("needs no users row: a verified token for a brand-new user works and sees nothing", async () => {
    expect(await idsOf(await list({ bearer: await mintToken({ sub: randomUUID() }) }))).toEqual([]);
  });
});

describe("requests without a valid sign-in get 401 and change nothing", () => {
  let before: string;
  beforeAll(async () => {
    before = await tableFingerprint(db);
  });
  afterAll(async () => {
    expect(await tableFingerprint(db)).toBe(before);
  });

  const cases: [string, () => Promise<Auth>, string][] = [
    ["no token", async () => ({}), "ERR_AUTH_REQUIRED"],
    [
      "an expired token",
      async () => ({ bearer: await mintToken({ sub: USER_A, expiresIn: -60 }) }),
      "ERR_AUTH_TOKEN_EXPIRED",
    ],
    [
      "an expired token in the cookie",
      async () => ({ cookies: supabaseAuthCookies(await mintToken({ sub: USER_A, expiresIn: -60 })) }),
      "ERR_AUTH_TOKEN_EXPIRED",
    ],
    [
      "a token signed with the wrong secret",
      async () => ({ bearer: await mintToken({ sub: USER_A, secret: "an-attacker-secret-that-is-long-enough-42" }) }),
      "ERR_AUTH_INVALID_TOKEN",
    ],
    ["a non-UUID sub", async () => ({ bearer: await mintToken({ sub: "admin" }) }), "ERR_AUTH_INVALID_TOKEN"],
    ["a garbage bearer", async () => ({ bearer: "not.a.jwt" }), "ERR_AUTH_INVALID_TOKEN"],
    [
      "a corrupt session cookie",
      async () => ({ cookies: [{ name: "sb-testprojectref-auth-token", value: "base64-%%%notbase64" }] }),
      "ERR_AUTH_INVALID_TOKEN",
    ],
  ];

  it.each(cases)("list with %s -> 401", async (_label, makeAuth, code) => {
    const response = await list(await makeAuth());
    expect(response.status).toBe(401);
    const body = (await response.json()) as ErrorShape;
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/sign in/i);
  });

  it.each(cases)("detail with %s -> 401", async (_label, makeAuth, code) => {
    const response = await getOne(await makeAuth(), conversationOfA);
    expect(response.status).toBe(401);
    const body = (await response.json()) as ErrorShape;
    expect(body.error.code).toBe(code);
    expect(JSON.stringify(body)).not.toContain("secret plan");
  });

  it("resolves the sign-in before the input: an anonymous caller gets 401, and its body is never read", async () => {
    const response = await getOne({}, "not-a-uuid");
    expect(response.status).toBe(401);

    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new TextEncoder().encode('{"items": ['));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    ); // pulled only when someone reads it
    const request = new Request("http://localhost/api/batches", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const created = await createBatchRoute(request, NO_PARAMS);
    expect(created.status).toBe(401);
    expect(((await created.json()) as ErrorShape).error.code).toBe("ERR_AUTH_REQUIRED");
    expect(pulled).toBe(false);
  });
});

describe("one user never sees another's conversations", () => {
  it("B gets 404 for A's conversation, with the same body as for an id that does not exist", async () => {
    const bToken = await mintToken({ sub: USER_B });
    const foreign = await getOne({ bearer: bToken }, conversationOfA);
    const missing = await getOne({ bearer: bToken }, randomUUID());
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    // Each answer has its own errorId; everything else is the same.
    const missingBody = (await missing.json()) as ErrorShape;
    expect(await foreign.json()).toEqual({ error: { ...missingBody.error, errorId: expect.stringMatching(/^err_/) } });
  });

  it("A still gets it", async () => {
    const response = await getOne({ bearer: await mintToken({ sub: USER_A }) }, conversationOfA);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: conversationOfA, title: "A's secret plan", turnCount: 2 });
  });

  it("B's list, page by page, never contains A's rows", async () => {
    const bToken = await mintToken({ sub: USER_B });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await list({ bearer: bToken }, `?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      const body = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([conversationOfB]);
  });

  it("A's cursor gives B nothing of A's", async () => {
    const aPage = (await (await list({ bearer: await mintToken({ sub: USER_A }) }, "?limit=1")).json()) as {
      nextCursor: string;
    };
    const ids = await idsOf(await list({ bearer: await mintToken({ sub: USER_B }) }, `?cursor=${aPage.nextCursor}`));
    expect(ids.every((id) => id === conversationOfB)).toBe(true);
  });
});

describe("POST /api/errors with optional sign-in", () => {
  async function post(auth: Auth): Promise<Response> {
    return errorsRoute(
      new Request("http://localhost/api/errors", {
        method: "POST",
        headers: { ...headersFor(auth), "content-type": "application/json" },
        body: JSON.stringify({ entries: [{ level: "error", message: `probe ${randomUUID()}` }] }),
      }),
      NO_PARAMS,
    );
  }

  async function lastUserId(): Promise<string | null> {
    const [row] = await db.query<{ user_id: string | null }>(
      "select user_id from public.error_logs order by created_at desc, id desc limit 1",
    );
    return row?.user_id ?? null;
  }

  it("records the user when the report carries a valid token", async () => {
    expect((await post({ bearer: await mintToken({ sub: USER_A }) })).status).toBe(202);
    expect(await lastUserId()).toBe(USER_A);
  });

  it("accepts a signed-out report (errors on the login page matter too) without a user", async () => {
    expect((await post({})).status).toBe(202);
    expect(await lastUserId()).toBeNull();
    expect((await post({ bearer: await mintToken({ sub: USER_A, expiresIn: -60 }) })).status).toBe(202);
    expect(await lastUserId()).toBeNull();
  });
});
