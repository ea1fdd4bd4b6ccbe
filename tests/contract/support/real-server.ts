/**
 * The real side of a contract: the app/api route handlers called in-process with real
 * Request objects, on a fresh test database (PGlite, or PostgreSQL with TEST_DATABASE_URL),
 * in Supabase mode so every scenario signs in as a user of its own and sees only its rows.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, vi } from "vitest";
import { setDatabaseForTesting } from "@/lib/db";
import { errorLogger } from "@/lib/errors";
import { SUPABASE_TEST_VARS, mintToken } from "@/tests/support/auth-tokens";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

/** A route.ts export as Next calls it (params arrive as a Promise). */
export type RouteFunction = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/** One route: its method, its path with the dynamic segments as named groups, its handler. */
export interface Route {
  method: string;
  path: RegExp;
  handler: RouteFunction;
}

export interface RealUser {
  id: string;
  token: string;
}

/** Opens the file's database and signs requests in with test tokens; closes it after the file. */
export function setUpRealServer(): { db: () => TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    for (const [name, value] of Object.entries(SUPABASE_TEST_VARS)) vi.stubEnv(name, value);
    vi.stubEnv("GENERATION_FAULTS", "");
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
  return {
    db: () => {
      if (!db) throw new Error("the contract database is opened in beforeAll");
      return db;
    },
  };
}

export async function newUser(): Promise<RealUser> {
  const id = randomUUID();
  return { id, token: await mintToken({ sub: id }) };
}

/** A fetch over the route table, as `user`: what the browser's request would reach. */
export function routeFetch(routes: readonly Route[], user: RealUser) {
  return async (method: string, path: string, body?: unknown): Promise<Response> => {
    const url = new URL(path, "http://localhost");
    for (const route of routes) {
      const match = route.method === method ? route.path.exec(url.pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
      const headers: Record<string, string> = { authorization: `Bearer ${user.token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const request = new Request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return route.handler(request, { params: Promise.resolve(params) });
    }
    throw new Error(`no route for ${method} ${path} in the contract's route table`);
  };
}
