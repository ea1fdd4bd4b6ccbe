import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/conversations/route";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { mintToken, SUPABASE_TEST_VARS, supabaseAuthCookies, cookieHeader } from "@/tests/support/auth-tokens";
import { NO_PARAMS, seedConversation } from "../routes/seed";

/*
 * A token signed with the project's secret is still not a sign-in unless it expires, is
 * for a signed-in user (aud "authenticated") and was issued by this project's Auth server.
 * Each case is a real route answering 401 without a byte of the user's data.
 */

const USER = randomUUID();
let db: TestDatabase;

beforeAll(async () => {
  for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
  db = await createTestDatabase();
  setDatabaseForTesting(db);
  await seedConversation(db, { userId: USER, title: "Private plans" });
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  vi.unstubAllEnvs();
  await db?.close();
});

function list(headers: Record<string, string>): Promise<Response> {
  return listRoute(new Request("http://localhost/api/conversations", { headers }), NO_PARAMS);
}

describe("GET /api/conversations with a token signed by the project secret", () => {
  it("answers a complete token (exp, sub, aud, iss) with the user's data", async () => {
    const response = await list({ authorization: `Bearer ${await mintToken({ sub: USER })}` });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain("Private plans");
  });

  it.each([
    ["no exp (valid forever)", { exp: undefined }],
    ["no aud", { aud: undefined }],
    ["aud of another kind of token", { aud: "service" }],
    ["no iss", { iss: undefined }],
    ["another project's iss", { iss: "https://otherproject.supabase.co/auth/v1" }],
  ])("refuses a bearer token with %s: 401, no data", async (_label, claims) => {
    const response = await list({ authorization: `Bearer ${await mintToken({ sub: USER, claims })}` });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "ERR_AUTH_INVALID_TOKEN" } });
    expect(text).not.toContain("Private plans");
  });

  it("refuses a session cookie holding a token without exp", async () => {
    const token = await mintToken({ sub: USER, claims: { exp: undefined } });
    const response = await list({ cookie: cookieHeader(supabaseAuthCookies(token)) });
    expect(response.status).toBe(401);
  });
});
