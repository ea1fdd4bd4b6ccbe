/**
 * Real database failures become DatabaseError with the right code and retryability, on both
 * engines, so callers can decide "retry" versus "tell the user" without reading driver text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/types";
import { DatabaseError, ErrorCode, type ErrorCode as ErrorCodeType } from "@/lib/errors";
import { ErrorLogger, type LogEntry } from "@/lib/errors/logger";
import { createTestDatabase } from "@/tests/support/test-db";

let db: Database;
const USER = "7a0c1e52-3b2d-4c8e-9f61-2d4b6a8c0e13";

beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec(`create table public.on_call (name text primary key, on_duty boolean not null)`);
});

afterAll(async () => {
  await db?.close();
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function failure(run: () => Promise<unknown>): Promise<DatabaseError> {
  const error = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

function expectClassified(error: DatabaseError, code: ErrorCodeType, retryable: boolean) {
  expect(error.code).toBe(code);
  expect(error.isRecoverable).toBe(retryable);
  // The driver's error stays attached for the logs.
  expect(error.cause).toBeDefined();
}

async function insertConversation(id: string): Promise<void> {
  await db.query(`insert into public.conversations (id, user_id, title) values ($1, $2, 'A title')`, [id, USER]);
}

describe("database errors", () => {
  it("a unique violation is permanent and names its constraint", async () => {
    const id = "11111111-1111-4111-8111-111111111111";
    await insertConversation(id);
    const error = await failure(() => insertConversation(id));
    expectClassified(error, ErrorCode.DB_UNIQUE_VIOLATION, false);
    expect(error.sqlState).toBe("23505");
    expect(error.constraint).toBe("conversations_pkey");
  });

  it("keeps the driver's error for the logs, but not the values the statement was given", async () => {
    const id = "44444444-4444-4444-8444-444444444444";
    await insertConversation(id);
    const privateText = "my customer's account number is 12345";
    const error = await failure(() =>
      db.query(`insert into public.conversations (id, user_id, title) values ($1, $2, $3)`, [id, USER, privateText]),
    );
    const cause = error.cause as Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.code).toBe("23505");
    expect(JSON.stringify(Object.entries(cause))).not.toContain(privateText);
    expect(JSON.stringify(error)).not.toContain(privateText);
  });

  it("a foreign key violation is permanent", async () => {
    const error = await failure(() =>
      db.query(
        `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
         values ($1, $2, 0, 'user', 'hello')`,
        ["22222222-2222-4222-8222-222222222222", USER],
      ),
    );
    expectClassified(error, ErrorCode.DB_FOREIGN_KEY_VIOLATION, false);
    expect(error.sqlState).toBe("23503");
  });

  it("a check violation is permanent and names its constraint", async () => {
    const error = await failure(() =>
      db.query(`insert into public.batch_jobs (user_id, status, total_items) values ($1, 'exploded', 1)`, [USER]),
    );
    expectClassified(error, ErrorCode.DB_CHECK_VIOLATION, false);
    expect(error.constraint).toBe("batch_jobs_status_check");
  });

  it("a not-null violation is permanent", async () => {
    const error = await failure(() => db.query(`insert into public.conversations (user_id, title) values (null, 'x')`));
    expectClassified(error, ErrorCode.DB_NOT_NULL_VIOLATION, false);
  });

  it("a serialization failure is retryable", async () => {
    const error = await failure(() =>
      db.exec(`do $$ begin raise exception 'could not serialize access' using errcode = '40001'; end $$`),
    );
    expectClassified(error, ErrorCode.DB_SERIALIZATION_FAILURE, true);
    expect(error.sqlState).toBe("40001");
  });

  it("a deadlock is retryable", async () => {
    const error = await failure(() =>
      db.exec(`do $$ begin raise exception 'deadlock detected' using errcode = '40P01'; end $$`),
    );
    expectClassified(error, ErrorCode.DB_DEADLOCK, true);
  });

  it("a serialization failure inside a transaction rolls it back and stays retryable", async () => {
    const id = "33333333-3333-4333-8333-333333333333";
    const error = await failure(() =>
      db.transaction(async (tx) => {
        await tx.query(`insert into public.conversations (id, user_id, title) values ($1, $2, 'x')`, [id, USER]);
        await tx.exec(`do $$ begin raise exception 'conflict' using errcode = '40001'; end $$`);
      }),
    );
    expectClassified(error, ErrorCode.DB_SERIALIZATION_FAILURE, true);
    expect(await db.query(`select id from public.conversations where id = $1`, [id])).toEqual([]);
  });

  it("two serializable transactions that would skew each other's writes: one fails as a retryable conflict", async () => {
    await db.query(`insert into public.on_call values ('alice', true), ('bob', true)`);
    // Each goes off duty only if someone else stays on duty: run concurrently without
    // serializable isolation, both would leave and nobody would be on duty.
    const bothRead = { alice: deferred(), bob: deferred() };
    // PGlite runs transactions one after another (one connection), so only PostgreSQL can
    // have both read before either writes; waiting for the other there would deadlock PGlite.
    const concurrent = db.engine === "postgres";
    const goOffDuty = (me: "alice" | "bob", other: "alice" | "bob") =>
      db.transaction(
        async (tx) => {
          const [row] = await tx.query<{ n: number }>(`select count(*) as n from public.on_call where on_duty`);
          bothRead[me].resolve();
          if (concurrent) await bothRead[other].promise;
          if ((row?.n ?? 0) >= 2) await tx.query(`update public.on_call set on_duty = false where name = $1`, [me]);
        },
        { isolationLevel: "serializable" },
      );

    const results = await Promise.allSettled([goOffDuty("alice", "bob"), goOffDuty("bob", "alice")]);

    const [row] = await db.query<{ n: number }>(`select count(*) as n from public.on_call where on_duty`);
    expect(row?.n).toBe(1);
    for (const result of results) {
      if (result.status === "rejected") {
        expect(result.reason).toBeInstanceOf(DatabaseError);
        expectClassified(result.reason as DatabaseError, ErrorCode.DB_SERIALIZATION_FAILURE, true);
      }
    }
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(concurrent ? 1 : 0);
  });

  // Issue 9, finding 10: "Failing row contains (...)" is the row, conversation text included.
  it("a constraint violation's log entry carries no row values: no detail in the error or its cause", async () => {
    const privateText = "my customer's card is on the fridge";
    const errors = [
      await failure(() =>
        db.query(`insert into public.batch_jobs (user_id, name, status, total_items) values ($1, $2, 'exploded', 1)`, [
          USER,
          privateText,
        ]),
      ),
      await failure(() =>
        db.query(`insert into public.conversations (user_id, title) values (null, $1)`, [privateText]),
      ),
    ];
    expect(errors.map((error) => error.sqlState)).toEqual(["23514", "23502"]);

    const logged: LogEntry[] = [];
    const logger = new ErrorLogger({
      destinations: [{ name: "memory", immediate: true, write: (entries) => void logged.push(...entries) }],
    });
    for (const error of errors) {
      expect((error.cause as Record<string, unknown>).detail).toBeUndefined();
      logger.error(error, { errorId: error.errorId });
    }
    await logger.flush();
    expect(logged).toHaveLength(2);
    const everything = JSON.stringify(logged) + JSON.stringify(errors.map((error) => error.toJSON()));
    expect(everything).not.toContain("Failing row contains");
    expect(everything).not.toContain(privateText);
  });

  it("a broken query is a permanent query failure whose message does not expose the SQL", async () => {
    const error = await failure(() => db.query(`select secret_column from public.no_such_table`));
    expectClassified(error, ErrorCode.DB_QUERY_FAILED, false);
    expect(error.message).not.toContain("no_such_table");
    expect(error.getUserMessage()).not.toContain("no_such_table");
  });

  it("a query on a closed database is a database error, not a crash", async () => {
    const closed = await createTestDatabase({ migrate: false });
    await closed.close();
    const error = await failure(() => closed.query(`select 1`));
    expect(error.code).toMatch(/^ERR_DB_/);
  });
});
