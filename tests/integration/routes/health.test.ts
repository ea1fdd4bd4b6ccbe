import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { setDatabaseForTesting } from "@/lib/db";
import { errorLogger } from "@/lib/errors";
import { createTestDatabase, testEngine, type TestDatabase } from "@/tests/support/test-db";
import { NO_PARAMS } from "./seed";

/* GET /api/health: engine, migrations, generator, auth mode; 503 when the database is down. */

let db: TestDatabase;

const migrationFiles = readdirSync(path.join(process.cwd(), "supabase", "migrations"))
  .filter((name) => name.endsWith(".sql"))
  .sort();

function health(): Promise<Response> {
  return GET(new Request("http://localhost/api/health"), NO_PARAMS);
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("GET /api/health", () => {
  it("reports the engine, every migration applied, the offline generator and local auth", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ok",
      engine: testEngine(),
      migrations: { applied: migrationFiles, pending: [] },
      generator: "offline",
      auth: "local",
    });
    expect(body.version).toEqual(expect.any(String));
    expect(migrationFiles.length).toBeGreaterThan(0);
  });

  it("reveals no connection string, data dir or secret", async () => {
    const text = await (await health()).text();
    expect(text).not.toMatch(/postgres(ql)?:\/\/|memory:\/\/|\.data\/|password|secret|key/i);
    if (process.env.TEST_DATABASE_URL) expect(text).not.toContain(new URL(process.env.TEST_DATABASE_URL).host);
  });

  it("answers 503 with the error shape and an errorId when the database is unreachable", async () => {
    vi.spyOn(errorLogger, "error").mockImplementation(() => undefined);
    const closed = await createTestDatabase();
    await closed.close();
    setDatabaseForTesting(closed);
    try {
      const response = await health();
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string; errorId?: string } };
      expect(body.error.code).toBe("ERR_DB_CONNECTION");
      expect(body.error.errorId).toMatch(/^err_/);
      expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|pglite|closed/i);
    } finally {
      setDatabaseForTesting(db);
      vi.restoreAllMocks();
    }
  });
});
