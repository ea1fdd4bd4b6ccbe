/**
 * Queries and transactions behave the same on both engines: values come back alike,
 * transactions commit or roll back as a whole, concurrent requests never interleave into
 * each other's transactions (PGlite has one connection), and the caller's own errors pass
 * through a transaction unchanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/types";
import { AppError, DatabaseError, ErrorCode, notFound } from "@/lib/errors";
import { createTestDatabase } from "@/tests/support/test-db";

let db: Database;

const USER_A = "0b6f3f4e-6a43-4a4e-8c53-6f3f8f1c2a01";

beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec(`create table public.tx_probe (id int primary key, value int not null default 0, note text)`);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.query(`delete from public.tx_probe`);
  await db.query(`delete from public.conversations`);
});

async function count(table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*) as n from ${table}`);
  return row?.n ?? -1;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("values", () => {
  it("come back alike on both engines: int8 as number, numeric as string, timestamptz as Date, jsonb parsed", async () => {
    const [row] = await db.query(
      `select count(*) as n, 12.50::numeric(5,2) as pct, '2026-01-02T03:04:05Z'::timestamptz as at,
              '{"a":[1,2]}'::jsonb as doc, array['0b6f3f4e-6a43-4a4e-8c53-6f3f8f1c2a01']::uuid[] as ids
         from (values (1), (2), (3)) v`,
    );
    expect(row).toEqual({
      n: 3,
      pct: "12.50",
      at: new Date("2026-01-02T03:04:05Z"),
      doc: { a: [1, 2] },
      ids: [USER_A],
    });
  });

  it("bind a JSON string and an object to jsonb to the same stored value", async () => {
    const [row] = await db.query<{ from_string: unknown; from_object: unknown; kind: string }>(
      `select $1::jsonb as from_string, $2::jsonb as from_object, jsonb_typeof($1::jsonb) as kind`,
      [JSON.stringify({ provider: "offline", temperature: 0.7 }), { provider: "offline", temperature: 0.7 }],
    );
    expect(row).toEqual({
      from_string: { provider: "offline", temperature: 0.7 },
      from_object: { provider: "offline", temperature: 0.7 },
      kind: "object",
    });
  });

  it("bind JS arrays to array parameters and null to NULL", async () => {
    const ids = [USER_A, "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"];
    const rows = await db.query<{ id: string }>(`select unnest($1::uuid[]) as id order by 1`, [ids]);
    expect(rows.map((r) => r.id)).toEqual([...ids].sort());
    expect(await db.query(`select $1::text is null as missing`, [null])).toEqual([{ missing: true }]);
  });

  it("return plain arrays of plain rows", async () => {
    const rows = await db.query(`select 1 as a`);
    expect(Array.isArray(rows)).toBe(true);
    expect(Object.getPrototypeOf(rows)).toBe(Array.prototype);
    expect(rows).toStrictEqual([{ a: 1 }]);
  });
});

describe("transaction", () => {
  it("commits every statement when the function resolves, and returns its result", async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query(`insert into public.tx_probe (id) values (1), (2)`);
      await tx.query(`update public.tx_probe set value = 5 where id = 2`);
      return "done";
    });
    expect(result).toBe("done");
    expect(await db.query(`select id, value from public.tx_probe order by id`)).toEqual([
      { id: 1, value: 0 },
      { id: 2, value: 5 },
    ]);
  });

  it("rolls everything back when the function throws, and rethrows the caller's error unchanged", async () => {
    const thrown = notFound("Conversation");
    const caught = await db
      .transaction(async (tx) => {
        await tx.query(`insert into public.tx_probe (id) values (1)`);
        throw thrown;
      })
      .catch((err: unknown) => err);

    expect(caught).toBe(thrown);
    expect(await count("public.tx_probe")).toBe(0);
  });

  it("rolls back the earlier statements when a later one violates a constraint", async () => {
    const caught = await db
      .transaction(async (tx) => {
        await tx.query(`insert into public.tx_probe (id) values (1)`);
        await tx.query(`insert into public.tx_probe (id) values (1)`);
      })
      .catch((err: unknown) => err);

    expect(caught).toBeInstanceOf(DatabaseError);
    expect((caught as DatabaseError).code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);
    expect(await count("public.tx_probe")).toBe(0);
  });

  it("runs multi-statement SQL inside the transaction with tx.exec", async () => {
    await db.transaction(async (tx) => {
      await tx.exec(`insert into public.tx_probe (id) values (1); insert into public.tx_probe (id) values (2);`);
    });
    expect(await count("public.tx_probe")).toBe(2);
  });

  it("applies the requested isolation level", async () => {
    const level = await db.transaction(
      async (tx) => (await tx.query<{ level: string }>(`select current_setting('transaction_isolation') as level`))[0],
      { isolationLevel: "serializable" },
    );
    expect(level).toEqual({ level: "serializable" });
  });

  it("keeps a query issued from outside a running transaction out of it", async () => {
    const insertDone = deferred();
    const outsideIssued = deferred();

    const transaction = db
      .transaction(async (tx) => {
        await tx.query(`insert into public.tx_probe (id, note) values (1, 'uncommitted')`);
        insertDone.resolve();
        await outsideIssued.promise;
        throw new Error("roll back");
      })
      .catch((err: unknown) => err);

    await insertDone.promise;
    // Issued while the transaction holds its uncommitted row. PGlite must queue it behind the
    // transaction (one connection); PostgreSQL runs it on another connection. Either way it
    // must not see, or become part of, the transaction.
    const outside = db.query<{ n: number }>(`select count(*) as n from public.tx_probe`);
    outsideIssued.resolve();

    expect(await transaction).toBeInstanceOf(Error);
    expect(await outside).toEqual([{ n: 0 }]);
    expect(await count("public.tx_probe")).toBe(0);
  });

  it("serialises concurrent read-modify-write transactions without losing an update", async () => {
    await db.query(`insert into public.tx_probe (id, value) values (1, 0)`);
    const increments = 20;
    await Promise.all(
      Array.from({ length: increments }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ value: number }>(`select value from public.tx_probe where id = 1 for update`);
          await tx.query(`update public.tx_probe set value = $1 where id = 1`, [(row?.value ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query(`select value from public.tx_probe where id = 1`)).toEqual([{ value: increments }]);
  });

  it("refuses db.query and db.transaction from inside a transaction instead of hanging", async () => {
    const caught = await db
      .transaction(async (tx) => {
        await tx.query(`insert into public.tx_probe (id) values (1)`);
        await db.query(`select 1`);
      })
      .catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).message).toMatch(/inside a transaction/);
    expect(await count("public.tx_probe")).toBe(0);

    const nested = await db.transaction(async () => db.transaction(async () => "inner")).catch((err: unknown) => err);
    expect(nested).toBeInstanceOf(AppError);
  });

  it("lets work that outlives a transaction use the database once it has ended", async () => {
    let later: Promise<unknown> | undefined;
    const gate = deferred();
    await db.transaction(async (tx) => {
      await tx.query(`insert into public.tx_probe (id) values (1)`);
      // Started inside the transaction, runs after it: same async context, no longer "inside".
      later = gate.promise.then(() => db.query<{ n: number }>(`select count(*) as n from public.tx_probe`));
    });
    gate.resolve();
    expect(await later).toEqual([{ n: 1 }]);
  });

  it("rejects a transaction whose failed statement was swallowed, instead of committing half of it", async () => {
    const caught = await db
      .transaction(async (tx) => {
        await tx.query(`insert into public.tx_probe (id) values (1)`);
        await tx.query(`insert into public.tx_probe (id) values (1)`).catch(() => undefined);
        await tx.query(`insert into public.tx_probe (id) values (2)`);
      })
      .catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(DatabaseError);
    expect(await count("public.tx_probe")).toBe(0);
  });
});
