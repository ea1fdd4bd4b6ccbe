import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyPostgresError } from "@/lib/db/postgres-errors";
import { DatabaseError, ErrorCode, isRetryable } from "@/lib/errors";

/** Runs `sql` and returns what the driver threw. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe("classifyPostgresError on real PGlite errors", () => {
  let db: PGlite;

  beforeAll(async () => {
    db = new PGlite();
    await db.exec(`
      create table parents (id int primary key);
      create table children (
        id int primary key,
        parent_id int not null references parents(id),
        email text unique,
        status text check (status in ('pending', 'done'))
      );
      insert into parents values (1);
      insert into children values (1, 1, 'ann@example.com', 'pending');
    `);
  });

  afterAll(async () => {
    await db.close();
  });

  it.each([
    [
      "unique violation",
      "insert into children values (2, 1, 'ann@example.com', 'done')",
      ErrorCode.DB_UNIQUE_VIOLATION,
      "23505",
      "children_email_key",
    ],
    [
      "foreign-key violation",
      "insert into children values (3, 99, null, 'done')",
      ErrorCode.DB_FOREIGN_KEY_VIOLATION,
      "23503",
      "children_parent_id_fkey",
    ],
    [
      "check violation",
      "insert into children values (4, 1, null, 'lost')",
      ErrorCode.DB_CHECK_VIOLATION,
      "23514",
      "children_status_check",
    ],
    [
      "not-null violation",
      "insert into children values (5, null, null, 'done')",
      ErrorCode.DB_NOT_NULL_VIOLATION,
      "23502",
      undefined,
    ],
  ])("%s is permanent and keeps SQLSTATE and constraint", async (_name, sql, code, sqlState, constraint) => {
    const raw = await failureOf(() => db.query(sql));
    const error = classifyPostgresError(raw);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.code).toBe(code);
    expect(error.sqlState).toBe(sqlState);
    expect(error.constraint).toBe(constraint);
    expect(error.isRecoverable).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });

  it("keeps SQL and values out of the message but logs the statement (sanitized) in context", async () => {
    const raw = await failureOf(() =>
      db.query("insert into children values ($1, 1, $2, 'done')", [6, "ann@example.com"]),
    );
    const error = classifyPostgresError(raw);
    expect(error.message).not.toMatch(/insert|children|ann@example\.com|duplicate/i);
    expect(error.getUserMessage()).not.toMatch(/insert|children|ann@example\.com/i);
    expect(JSON.stringify(error.context)).toContain("23505");
    expect(String(error.context.query)).toContain("insert into children");
    expect(JSON.stringify(error.toJSON())).not.toContain('"params"');
  });

  it("a NUL character in text or jsonb is ERR_VAL_INVALID_INPUT (SQLSTATE 22021 / 22P05)", async () => {
    await db.exec("create table notes (body text, data jsonb)");
    const inText = classifyPostgresError(
      await failureOf(() => db.query("insert into notes (body) values ($1)", ["a\u0000b"])),
    );
    expect(inText.sqlState).toBe("22021");
    expect(inText.code).toBe(ErrorCode.VAL_INVALID_INPUT);
    const inJson = classifyPostgresError(
      await failureOf(() =>
        db.query("insert into notes (data) values ($1::jsonb)", [JSON.stringify({ a: "a\u0000b" })]),
      ),
    );
    expect(inJson.sqlState).toBe("22P05");
    expect(inJson.code).toBe(ErrorCode.VAL_INVALID_INPUT);
  });

  it('a check or not-null violation keeps no row values (no "Failing row contains")', async () => {
    // Values as parameters, as the app sends them: only the detail could carry them into the log.
    const insert = "insert into children values ($1, $2, $3, $4)";
    const check = classifyPostgresError(await failureOf(() => db.query(insert, [8, 1, "private-text", "lost"])));
    const notNull = classifyPostgresError(await failureOf(() => db.query(insert, [9, null, "private-text", "done"])));
    expect([check.sqlState, notNull.sqlState]).toEqual(["23514", "23502"]);
    for (const error of [check, notNull]) {
      expect(JSON.stringify(error.toJSON())).not.toMatch(/Failing row contains|private-text/);
    }
  });

  it("redacts secrets that appear in the statement text", async () => {
    const raw = await failureOf(() =>
      db.query("select * from missing_table where token = 'sk-ant-api03-Q9xZ7pL2mN4vB8cD1eF6gH3jK5'"),
    );
    const error = classifyPostgresError(raw);
    expect(error.code).toBe(ErrorCode.DB_QUERY_FAILED);
    expect(error.sqlState).toBe("42P01");
    expect(JSON.stringify(error.context)).not.toContain("Q9xZ7pL2mN4vB8cD1eF6gH3jK5");
  });
});

describe("classifyPostgresError on postgres.js and connection errors", () => {
  function pgjs(fields: Record<string, unknown>): Error {
    return new postgres.PostgresError(fields as unknown as string);
  }

  it.each([
    ["40001", ErrorCode.DB_SERIALIZATION_FAILURE],
    ["40P01", ErrorCode.DB_DEADLOCK],
    ["55P03", ErrorCode.DB_LOCKED],
    ["57014", ErrorCode.DB_TIMEOUT],
    ["57P01", ErrorCode.DB_CONNECTION],
    ["53300", ErrorCode.DB_CONNECTION],
    ["08006", ErrorCode.DB_CONNECTION],
    ["08001", ErrorCode.DB_CONNECTION],
  ])("SQLSTATE %s -> %s, retryable", (sqlState, code) => {
    const error = classifyPostgresError(pgjs({ code: sqlState, message: "server said no", severity: "ERROR" }));
    expect(error.code).toBe(code);
    expect(error.sqlState).toBe(sqlState);
    expect(error.isRecoverable).toBe(true);
    expect(isRetryable(error)).toBe(true);
  });

  it("reads postgres.js constraint_name", () => {
    const error = classifyPostgresError(
      pgjs({
        code: "23505",
        message: "duplicate key value",
        constraint_name: "batch_items_pkey",
        detail: "Key (id)=(7) already exists.",
      }),
    );
    expect(error.code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);
    expect(error.constraint).toBe("batch_items_pkey");
    expect(error.message).not.toContain("Key (id)");
    // Issue 9, finding 10: a constraint violation's detail holds row values; it is dropped.
    expect(error.context.detail).toBeUndefined();
    expect(JSON.stringify(error.toJSON())).not.toContain("Key (id)");
  });

  it.each(["23505", "23514", "23502", "23503", "23P01"])(
    "drops the detail of constraint violation %s, keeps it for other errors",
    (code) => {
      const detail = "Failing row contains (7, my customer's account number is 12345, pending).";
      const error = classifyPostgresError(
        pgjs({ code, message: "violates a constraint", detail, constraint_name: "c" }),
      );
      expect(JSON.stringify(error.toJSON())).not.toContain("Failing row contains");
      expect(JSON.stringify(error.toJSON())).not.toContain("12345");
      const other = classifyPostgresError(
        pgjs({ code: "42P01", message: "relation missing", detail: "no such table here" }),
      );
      expect(other.context.detail).toBe("no such table here");
    },
  );

  // Issue 9, finding 8: text the database cannot store is the client's input, not a fault.
  it.each([
    ["22P05", "unsupported Unicode escape sequence"],
    ["22021", 'invalid byte sequence for encoding "UTF8": 0x00'],
  ])("SQLSTATE %s -> ERR_VAL_INVALID_INPUT (400), permanent", (sqlState, message) => {
    const error = classifyPostgresError(pgjs({ code: sqlState, message }));
    expect(error.code).toBe(ErrorCode.VAL_INVALID_INPUT);
    expect(error.httpStatus).toBe(400);
    expect(error.isRecoverable).toBe(false);
    expect(error.getUserMessage()).toMatch(/NUL character/);
  });

  it.each(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECT_TIMEOUT"])(
    "connection failure %s -> ERR_DB_CONNECTION, retryable",
    (code) => {
      const raw = Object.assign(new Error(`write ${code} db.internal:5432`), { code, errno: code });
      const error = classifyPostgresError(raw);
      expect(error.code).toBe(ErrorCode.DB_CONNECTION);
      expect(error.isRecoverable).toBe(true);
      expect(error.sqlState).toBeUndefined();
      expect(error.context.driverCode).toBe(code);
    },
  );

  it("finds the driver error in a cause chain", () => {
    const wrapped = new Error("transaction failed", { cause: pgjs({ code: "40P01", message: "deadlock detected" }) });
    expect(classifyPostgresError(wrapped).code).toBe(ErrorCode.DB_DEADLOCK);
  });

  it("anything else is ERR_DB_QUERY_FAILED and permanent", () => {
    for (const raw of [
      pgjs({ code: "22P02", message: "invalid input syntax for type uuid" }),
      new Error("weird"),
      "text",
      undefined,
    ]) {
      const error = classifyPostgresError(raw);
      expect(error.code).toBe(ErrorCode.DB_QUERY_FAILED);
      expect(error.isRecoverable).toBe(false);
    }
  });

  it("passes an already classified error through unchanged", () => {
    const first = classifyPostgresError(pgjs({ code: "23505", message: "dup" }));
    expect(classifyPostgresError(first)).toBe(first);
  });
});
