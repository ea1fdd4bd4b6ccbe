import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/errors/route";
import { LOCAL_USER_ID } from "@/lib/auth/local-user";
import { config } from "@/lib/config";
import { createErrorId } from "@/lib/errors";
import { setDatabaseForTesting } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { NO_PARAMS } from "./seed";

/* POST /api/errors: the browser ErrorLogger's server destination (local mode). */

let db: TestDatabase;

interface LogRow extends Record<string, unknown> {
  user_id: string | null;
  error_id: string;
  level: string;
  code: string | null;
  message: string;
  context: Record<string, unknown>;
}

function report(body: BodyInit, contentType: string | null = "application/json"): Promise<Response> {
  const headers: Record<string, string> = { "user-agent": "vitest-browser/1.0" };
  if (contentType !== null) headers["content-type"] = contentType;
  return POST(new Request("http://localhost/api/errors", { method: "POST", body, headers }), NO_PARAMS);
}

function entry(overrides: Record<string, unknown> = {}) {
  return {
    level: "error",
    message: "Batch request failed",
    code: "ERR_API_SERVER_ERROR",
    errorId: "err_abc123def456",
    timestamp: "2026-03-01T10:00:00.000Z",
    context: { route: "/batches/new" },
    url: "http://localhost:3000/batches/new",
    ...overrides,
  };
}

async function rows(): Promise<LogRow[]> {
  return db.query<LogRow>(
    "select user_id, error_id, level, code, message, context from public.error_logs order by created_at, id",
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  setDatabaseForTesting(db);
});

beforeEach(async () => {
  await db.query("delete from public.error_logs");
  // Every request counts against the per-IP and per-user limits (see errors-rate-limit.test.ts).
  await db.query("delete from public.rate_limit_counters");
});

afterAll(async () => {
  setDatabaseForTesting(undefined);
  await db?.close();
});

describe("POST /api/errors", () => {
  it("stores each entry with the user's id and answers 202 { accepted }", async () => {
    const response = await report(
      JSON.stringify({ entries: [entry(), entry({ level: "warn", errorId: undefined, code: undefined })] }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2 });
    const stored = await rows();
    expect(stored).toHaveLength(2);
    // One statement inserts both rows, so created_at ties: pick them out by level.
    const errorRow = stored.find((row) => row.level === "error");
    const warnRow = stored.find((row) => row.level === "warn");
    expect(errorRow).toMatchObject({
      user_id: LOCAL_USER_ID,
      error_id: "err_abc123def456",
      level: "error",
      code: "ERR_API_SERVER_ERROR",
      message: "Batch request failed",
    });
    expect(errorRow?.context).toMatchObject({
      source: "browser",
      route: "/batches/new",
      url: "http://localhost:3000/batches/new",
      clientTimestamp: "2026-03-01T10:00:00.000Z",
      userAgent: "vitest-browser/1.0",
    });
    // An entry without an errorId still gets one, so support can refer to it.
    expect(warnRow?.error_id).toMatch(/^err_/);
    expect(warnRow?.code).toBeNull();
  });

  it("stores the id the browser showed, server-made or its own, as the row's error_id", async () => {
    const browserMade = createErrorId();
    const response = await report(
      JSON.stringify({ entries: [entry({ errorId: browserMade }), entry({ errorId: `err_${"a".repeat(60)}` })] }),
    );
    expect(response.status).toBe(202);
    expect((await rows()).map((row) => row.error_id).sort()).toEqual([browserMade, `err_${"a".repeat(60)}`].sort());
  });

  it("accepts text/plain, which navigator.sendBeacon uses for strings", async () => {
    const response = await report(JSON.stringify({ entries: [entry()] }), "text/plain;charset=UTF-8");
    expect(response.status).toBe(202);
    expect(await rows()).toHaveLength(1);
  });

  it("sanitizes again on the server: secrets in the payload never reach the table", async () => {
    const secrets = {
      bearer:
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      anthropic: "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789",
      openai: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
      password: "hunter2-correct-horse",
    };
    const response = await report(
      JSON.stringify({
        entries: [
          entry({
            message: `Request failed: Authorization: Bearer ${secrets.bearer} with key ${secrets.anthropic}`,
            context: {
              headers: { authorization: `Bearer ${secrets.bearer}` },
              password: secrets.password,
              note: `key=${secrets.openai}`,
            },
            stack: `Error: boom\n    at fetch (app.js:1:1) ${secrets.anthropic}`,
          }),
        ],
      }),
    );
    expect(response.status).toBe(202);
    const [stored] = await rows();
    const everything = JSON.stringify(stored);
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
    expect(stored?.message).toContain("Request failed");
  });

  it("keeps a malformed code out of the code column", async () => {
    await report(JSON.stringify({ entries: [entry({ code: "drop table error_logs" })] }));
    const [stored] = await rows();
    expect(stored?.code).toBeNull();
    expect(stored?.context.reportedCode).toBe("drop table error_logs");
  });

  // Issue 9, finding 3: what the server knows wins over what the client says.
  it("ignores client-sent source, user agent, user id and error id in the context and as extra fields", async () => {
    const forged = {
      source: "server",
      userAgent: "forged-agent",
      userId: "00000000-0000-4000-8000-000000000000",
      errorId: "err_forged",
      user_id: "x",
      error_id: "y",
    };
    // The entry's own errorId is the id the user's toast shows (support looks rows up by it);
    // the same names inside the context or as extra fields are forgeries and dropped.
    const { errorId: _entryId, ...forgedExtras } = forged;
    const response = await report(
      JSON.stringify({ entries: [entry({ context: { ...forged, route: "/x" }, ...forgedExtras })] }),
    );
    expect(response.status).toBe(202);
    const [stored] = await rows();
    expect(stored?.user_id).toBe(LOCAL_USER_ID);
    expect(stored?.error_id).toBe("err_abc123def456");
    expect(stored?.context).toMatchObject({ source: "browser", userAgent: "vitest-browser/1.0", route: "/x" });
    for (const key of ["userId", "errorId", "user_id", "error_id"]) expect(stored?.context).not.toHaveProperty(key);
    expect(JSON.stringify(stored)).not.toMatch(/forged|err_forged|00000000-0000-4000-8000-000000000000/);
  });

  it("caps the stored context at 4 kB after sanitizing, as valid JSON that says it was cut", async () => {
    const max = config.errorReports.maxContextBytes;
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;
    const manyKeys = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`key${i}`, `value ${i} é`]));
    const response = await report(
      JSON.stringify({
        entries: [
          entry({
            errorId: "err_longstrings",
            context: { route: "/a", note: "é".repeat(10_000) },
            stack: "at x\n".repeat(2_000),
          }),
          entry({ errorId: "err_manykeys", context: manyKeys }),
          // 6 kB of secret: redacted first, so what is measured is the sanitized context (it fits).
          entry({ errorId: "err_secret", context: { password: "p".repeat(6_000), route: "/b" } }),
        ],
      }),
    );
    expect(response.status).toBe(202);
    const byId = new Map((await rows()).map((row) => [row.error_id, row]));
    for (const id of ["err_longstrings", "err_manykeys"]) {
      const context = byId.get(id)?.context ?? {};
      expect(bytes(context), id).toBeLessThanOrEqual(max);
      expect(context, id).toMatchObject({
        source: "browser",
        userAgent: "vitest-browser/1.0",
        truncated: { originalBytes: expect.any(Number) },
      });
      expect((context.truncated as { originalBytes: number }).originalBytes).toBeGreaterThan(max);
    }
    // Long strings are shortened first: keys survive.
    expect(byId.get("err_longstrings")?.context).toMatchObject({ route: "/a", note: expect.stringMatching(/^é+…$/) });
    // Too many keys for that: the client part becomes a preview of its JSON.
    expect(byId.get("err_manykeys")?.context.preview).toEqual(expect.stringMatching(/^\{"key0":"value 0 é"/));
    expect(byId.get("err_secret")?.context).toEqual({
      source: "browser",
      userAgent: "vitest-browser/1.0",
      clientTimestamp: "2026-03-01T10:00:00.000Z",
      password: "[REDACTED]",
      route: "/b",
      url: "http://localhost:3000/batches/new",
    });
  });

  it("stores a report holding NUL characters or broken surrogates with U+FFFD instead (a log sink drops nothing)", async () => {
    const response = await report(
      JSON.stringify({ entries: [entry({ message: "bad\u0000text \ud800", context: { "k\u0000": "v\udc00" } })] }),
    );
    expect(response.status).toBe(202);
    const [stored] = await rows();
    expect(stored?.message).toBe("bad\uFFFDtext \uFFFD");
    expect(stored?.context["k\uFFFD"]).toBe("v\uFFFD");
  });

  describe("rejects bad reports and stores nothing", () => {
    it.each([
      ["application/x-www-form-urlencoded", "entries=1"],
      ["multipart/form-data; boundary=x", "--x--"],
      // A typeless Blob sends no Content-Type at all (a string body would default to text/plain).
      [null, new Blob([JSON.stringify({ entries: [entry()] })])],
    ])("415 for content type %s", async (contentType, body) => {
      const response = await report(body, contentType);
      expect(response.status).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "ERR_VAL_UNSUPPORTED_MEDIA_TYPE",
      );
    });

    it("413 for a report over the size cap", async () => {
      const big = JSON.stringify({ entries: [entry({ message: "x".repeat(config.http.maxErrorReportBytes) })] });
      const response = await report(big);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ERR_VAL_PAYLOAD_TOO_LARGE");
    });

    it.each([
      ["malformed JSON", "{entries: [", "ERR_VAL_MALFORMED_JSON"],
      ["an empty body", "", "ERR_VAL_MALFORMED_JSON"],
      ["no entries", JSON.stringify({ entries: [] }), "ERR_VAL_INVALID_INPUT"],
      ["51 entries", JSON.stringify({ entries: Array.from({ length: 51 }, () => entry()) }), "ERR_VAL_INVALID_INPUT"],
      ["an unknown level", JSON.stringify({ entries: [entry({ level: "fatal" })] }), "ERR_VAL_INVALID_INPUT"],
      [
        "a non-string message",
        JSON.stringify({ entries: [entry({ message: { nested: true } })] }),
        "ERR_VAL_INVALID_INPUT",
      ],
      ["entries not an array", JSON.stringify({ entries: "lots" }), "ERR_VAL_INVALID_INPUT"],
      // The errorId is stored as given (support finds the row by it), so only a well-formed one is taken.
      [
        "a malformed errorId",
        JSON.stringify({ entries: [entry({ errorId: "err 1'; drop table" })] }),
        "ERR_VAL_INVALID_INPUT",
      ],
      [
        "an errorId over 64 characters",
        JSON.stringify({ entries: [entry({ errorId: `err_${"a".repeat(61)}` })] }),
        "ERR_VAL_INVALID_INPUT",
      ],
      ["an empty errorId", JSON.stringify({ entries: [entry({ errorId: "" })] }), "ERR_VAL_INVALID_INPUT"],
    ])("400 for %s", async (_label, body, code) => {
      const response = await report(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    });

    afterAll(async () => {
      expect(await rows()).toHaveLength(0);
    });
  });
});
