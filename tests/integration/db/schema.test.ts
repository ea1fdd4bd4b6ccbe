/**
 * The schema's guarantees, checked on a real engine: what cascades, what can never be
 * stored, which rows a user's token can reach through RLS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, Queryable } from "@/lib/db/types";
import { DatabaseError, ErrorCode } from "@/lib/errors";
import { createTestDatabase } from "@/tests/support/test-db";

let db: Database;

const ALICE = "a11ce000-0000-4000-8000-000000000001";
const BOB = "b0b00000-0000-4000-8000-000000000002";

const TABLES = [
  "conversations",
  "conversation_turns",
  "batch_jobs",
  "batch_items",
  "batch_checkpoints",
  "backup_exports",
  "backup_export_parts",
  "error_logs",
];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.exec(`
    delete from public.conversations;
    delete from public.batch_jobs;
    delete from public.backup_exports;
    delete from public.error_logs;
  `);
});

async function createConversation(q: Queryable, userId: string, title = "Refund request"): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into public.conversations (user_id, title, topic) values ($1, $2, 'billing') returning id`,
    [userId, title],
  );
  if (!row) throw new Error("insert returned nothing");
  return row.id;
}

async function addTurns(q: Queryable, conversationId: string, userId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await q.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
       values ($1, $2, $3, $4, $5)`,
      [conversationId, userId, i, i % 2 === 0 ? "user" : "assistant", `turn ${i}`],
    );
  }
}

async function createJob(userId: string, items: number): Promise<string> {
  const [job] = await db.query<{ id: string }>(
    `insert into public.batch_jobs (user_id, name, total_items, config) values ($1, 'Support set', $2, $3::jsonb) returning id`,
    [userId, items, JSON.stringify({ provider: "offline" })],
  );
  if (!job) throw new Error("insert returned nothing");
  for (let i = 0; i < items; i++) {
    await db.query(`insert into public.batch_items (job_id, user_id, item_index, topic) values ($1, $2, $3, $4)`, [
      job.id,
      userId,
      i,
      `topic ${i}`,
    ]);
  }
  return job.id;
}

async function rejection(run: () => Promise<unknown>): Promise<DatabaseError> {
  const error = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

describe("conversations and turns", () => {
  it("deleting a conversation deletes its turns, and only its turns", async () => {
    const doomed = await createConversation(db, ALICE);
    const kept = await createConversation(db, ALICE);
    await addTurns(db, doomed, ALICE, 4);
    await addTurns(db, kept, ALICE, 2);

    await db.query(`delete from public.conversations where id = $1`, [doomed]);

    const turns = await db.query<{ conversation_id: string; n: number }>(
      `select conversation_id, count(*) as n from public.conversation_turns group by conversation_id`,
    );
    expect(turns).toEqual([{ conversation_id: kept, n: 2 }]);
  });

  it("a turn cannot claim a different user than its conversation", async () => {
    const conversation = await createConversation(db, ALICE);
    const error = await rejection(() => addTurns(db, conversation, BOB, 1));
    expect(error.code).toBe(ErrorCode.DB_FOREIGN_KEY_VIOLATION);
  });

  it("turn positions are unique per conversation and roles are user or assistant", async () => {
    const conversation = await createConversation(db, ALICE);
    await addTurns(db, conversation, ALICE, 1);
    const duplicate = await rejection(() =>
      db.query(
        `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
         values ($1, $2, 0, 'assistant', 'again')`,
        [conversation, ALICE],
      ),
    );
    expect(duplicate.code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);

    const badRole = await rejection(() =>
      db.query(
        `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
         values ($1, $2, 1, 'system', 'x')`,
        [conversation, ALICE],
      ),
    );
    expect(badRole.code).toBe(ErrorCode.DB_CHECK_VIOLATION);
  });

  it("updated_at moves on update while created_at stays", async () => {
    const id = await createConversation(db, ALICE);
    await db.query(
      `update public.conversations set created_at = now() - interval '1 day', updated_at = now() - interval '1 day' where id = $1`,
      [id],
    );
    await db.query(`update public.conversations set title = 'Renamed' where id = $1`, [id]);
    const [row] = await db.query<{ fresh: boolean; created_kept: boolean }>(
      `select updated_at > now() - interval '1 minute' as fresh, created_at < now() - interval '1 hour' as created_kept
         from public.conversations where id = $1`,
      [id],
    );
    expect(row).toEqual({ fresh: true, created_kept: true });
  });
});

describe("batches", () => {
  it("deleting a job deletes its items and checkpoint but keeps the conversations it produced", async () => {
    const jobId = await createJob(ALICE, 2);
    await db.query(`insert into public.batch_checkpoints (job_id, user_id, total_items) values ($1, $2, 2)`, [
      jobId,
      ALICE,
    ]);
    const [item] = await db.query<{ id: string }>(
      `select id from public.batch_items where job_id = $1 and item_index = 0`,
      [jobId],
    );
    const conversation = await createConversation(db, ALICE);
    await db.query(`update public.conversations set batch_job_id = $1, batch_item_id = $2 where id = $3`, [
      jobId,
      item?.id,
      conversation,
    ]);

    await db.query(`delete from public.batch_jobs where id = $1`, [jobId]);

    expect(await db.query(`select id from public.batch_items where job_id = $1`, [jobId])).toEqual([]);
    expect(await db.query(`select id from public.batch_checkpoints where job_id = $1`, [jobId])).toEqual([]);
    expect(
      await db.query(`select batch_job_id, batch_item_id from public.conversations where id = $1`, [conversation]),
    ).toEqual([{ batch_job_id: null, batch_item_id: null }]);
  });

  it("an item owns at most one conversation", async () => {
    const jobId = await createJob(ALICE, 1);
    const [item] = await db.query<{ id: string }>(`select id from public.batch_items where job_id = $1`, [jobId]);
    const first = await createConversation(db, ALICE);
    const second = await createConversation(db, ALICE);
    await db.query(`update public.conversations set batch_item_id = $1 where id = $2`, [item?.id, first]);

    const error = await rejection(() =>
      db.query(`update public.conversations set batch_item_id = $1 where id = $2`, [item?.id, second]),
    );
    expect(error.code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);
    expect(error.constraint).toBe("conversations_batch_item_id_key");
  });

  it("deleting a conversation leaves its item completed, without a dangling reference", async () => {
    const jobId = await createJob(ALICE, 1);
    const conversation = await createConversation(db, ALICE);
    await db.query(
      `update public.batch_items set status = 'completed', completed_at = now(), conversation_id = $1 where job_id = $2`,
      [conversation, jobId],
    );
    await db.query(`delete from public.conversations where id = $1`, [conversation]);
    expect(await db.query(`select status, conversation_id from public.batch_items where job_id = $1`, [jobId])).toEqual(
      [{ status: "completed", conversation_id: null }],
    );
  });

  it("rejects impossible item and job states", async () => {
    const jobId = await createJob(ALICE, 2);
    const cases: Array<[string, unknown[]]> = [
      [`update public.batch_items set status = 'done' where job_id = $1`, [jobId]],
      [`update public.batch_items set attempts = -1 where job_id = $1`, [jobId]],
      // A running item without a lease could never be reclaimed after its runner dies.
      [`update public.batch_items set status = 'running' where job_id = $1`, [jobId]],
      [`update public.batch_items set status = 'completed' where job_id = $1`, [jobId]],
      [`update public.batch_jobs set status = 'half-done' where id = $1`, [jobId]],
      [`update public.batch_jobs set total_items = -1 where id = $1`, [jobId]],
    ];
    for (const [sql, params] of cases) {
      const error = await rejection(() => db.query(sql, params));
      expect(error.code, sql).toBe(ErrorCode.DB_CHECK_VIOLATION);
    }
    const duplicateIndex = await rejection(() =>
      db.query(`insert into public.batch_items (job_id, user_id, item_index, topic) values ($1, $2, 0, 'again')`, [
        jobId,
        ALICE,
      ]),
    );
    expect(duplicateIndex.code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);
  });

  it("a leased running item is accepted", async () => {
    const jobId = await createJob(ALICE, 1);
    await db.query(
      `update public.batch_items set status = 'running', lease_owner = 'runner-1', lease_until = now() + interval '30 seconds',
              attempts = attempts + 1 where job_id = $1`,
      [jobId],
    );
    expect(await db.query(`select status, attempts from public.batch_items where job_id = $1`, [jobId])).toEqual([
      { status: "running", attempts: 1 },
    ]);
  });

  it("one checkpoint per job, with counters that add up and a percentage within 0..100", async () => {
    const jobId = await createJob(ALICE, 10);
    await db.query(
      `insert into public.batch_checkpoints (job_id, user_id, total_items, completed_count, failed_count, progress_percentage)
       values ($1, $2, 10, 6, 1, 70)`,
      [jobId, ALICE],
    );
    const second = await rejection(() =>
      db.query(`insert into public.batch_checkpoints (job_id, user_id, total_items) values ($1, $2, 10)`, [
        jobId,
        ALICE,
      ]),
    );
    expect(second.code).toBe(ErrorCode.DB_UNIQUE_VIOLATION);

    for (const update of [
      `update public.batch_checkpoints set completed_count = 10, failed_count = 1 where job_id = $1`,
      `update public.batch_checkpoints set progress_percentage = 100.5 where job_id = $1`,
      `update public.batch_checkpoints set failed_count = -1 where job_id = $1`,
    ]) {
      expect((await rejection(() => db.query(update, [jobId]))).code).toBe(ErrorCode.DB_CHECK_VIOLATION);
    }
    const foreign = await rejection(() =>
      db.query(`update public.batch_checkpoints set user_id = $1 where job_id = $2`, [BOB, jobId]),
    );
    expect(foreign.code).toBe(ErrorCode.DB_FOREIGN_KEY_VIOLATION);
  });
});

describe("backups", () => {
  it("stores a backup with its parts, keeps count and ids consistent, and deletes the parts with it", async () => {
    const ids = [await createConversation(db, ALICE), await createConversation(db, ALICE)];
    const [backup] = await db.query<{ id: string }>(
      `insert into public.backup_exports (backup_id, user_id, conversation_ids, conversation_count, size_bytes, sha256, expires_at)
       values ('backup_test_0001', $1, $2::uuid[], 2, 10, $3, now() + interval '7 days') returning id`,
      [ALICE, ids, "a".repeat(64)],
    );
    await db.query(
      `insert into public.backup_export_parts (backup_export_id, user_id, part_index, conversation_id, content)
       values ($1, $2, 0, $3, '{}'), ($1, $2, 1, $4, '{}')`,
      [backup?.id, ALICE, ids[0], ids[1]],
    );
    const [stored] = await db.query<{ conversation_ids: string[] }>(
      `select conversation_ids from public.backup_exports where id = $1`,
      [backup?.id],
    );
    expect(stored?.conversation_ids).toEqual(ids);

    const wrongCount = await rejection(() =>
      db.query(
        `insert into public.backup_exports (backup_id, user_id, conversation_ids, conversation_count, size_bytes, sha256, expires_at)
         values ('backup_test_0002', $1, $2::uuid[], 3, 10, $3, now() + interval '7 days')`,
        [ALICE, ids, "b".repeat(64)],
      ),
    );
    expect(wrongCount.code).toBe(ErrorCode.DB_CHECK_VIOLATION);

    await db.query(`delete from public.backup_exports where id = $1`, [backup?.id]);
    expect(await db.query(`select * from public.backup_export_parts`)).toEqual([]);
  });
});

describe("row level security: a read-only wall for the Data API", () => {
  const USER_TABLES = TABLES.filter((table) => table !== "error_logs");

  it("is enabled on every table; users may only SELECT their own rows, and no policy allows a write", async () => {
    const rls = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    for (const table of [...TABLES, "schema_migrations", "batch_workers", "generation_calls", "generation_budget"]) {
      expect(
        rls.find((r) => r.relname === table),
        table,
      ).toEqual({ relname: table, relrowsecurity: true });
    }

    const policies = await db.query<{ tablename: string; cmd: string; roles: string[] | string; qual: string | null }>(
      `select tablename, cmd, roles, qual from pg_policies where schemaname = 'public' order by tablename, cmd`,
    );
    for (const table of USER_TABLES) {
      expect(
        policies.filter((p) => p.tablename === table).map((p) => p.cmd),
        table,
      ).toEqual(["SELECT"]);
    }
    expect(policies.filter((p) => p.cmd !== "SELECT")).toEqual([]);
    expect(policies.filter((p) => p.tablename === "error_logs")).toEqual([]);
    for (const policy of policies) {
      expect(String(policy.roles)).toContain("authenticated");
      expect(policy.qual ?? "").toMatch(/user_id = \(?\s*SELECT auth\.uid\(\)/i);
    }

    // The API roles hold no write privilege on any table, and nothing at all on operator tables.
    const writes = await db.query<{ table_name: string; grantee: string; privilege_type: string }>(
      `select table_name, grantee, privilege_type from information_schema.role_table_grants
        where table_schema = 'public' and grantee in ('anon', 'authenticated')
          and privilege_type <> 'SELECT'`,
    );
    expect(writes).toEqual([]);
    const reads = await db.query<{ table_name: string }>(
      `select table_name from information_schema.role_table_grants
        where table_schema = 'public' and grantee in ('anon', 'authenticated') order by table_name`,
    );
    expect(reads.map((r) => r.table_name).sort()).toEqual([...USER_TABLES].sort());
  });

  it("lets a signed-in user's token read only that user's rows and change nothing (the Data API path)", async () => {
    await createConversation(db, ALICE, "Alice's");
    await createConversation(db, BOB, "Bob's");
    const [backup] = await db.query<{ id: string; expires_at: Date }>(
      `insert into public.backup_exports (backup_id, user_id, conversation_ids, conversation_count, size_bytes, sha256, expires_at)
       values ('backup_rls_0001', $1, '{}'::uuid[], 0, 10, $2, now() + interval '7 days') returning id, expires_at`,
      [ALICE, "c".repeat(64)],
    );

    /** Runs one statement as `authenticated` with the user's claims, like a Data API request, in a rolled-back transaction. */
    const asUser = (userId: string, sql: string, params: unknown[] = []) =>
      db
        .transaction(async (tx) => {
          await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
            JSON.stringify({ sub: userId, role: "authenticated" }),
          ]);
          await tx.exec(`set local role authenticated`);
          const rows = await tx.query(sql, params);
          throw Object.assign(new Error("rollback"), { rows });
        })
        .catch((err: { rows?: unknown }) => ("rows" in err ? { rows: err.rows } : { error: err }));

    expect(await asUser(ALICE, `select title from public.conversations order by title`)).toEqual({
      rows: [{ title: "Alice's" }],
    });
    expect(await asUser(BOB, `select title from public.conversations order by title`)).toEqual({
      rows: [{ title: "Bob's" }],
    });
    expect(await asUser(BOB, `select backup_id from public.backup_exports`)).toEqual({ rows: [] });

    // PATCH a backup's expiry, forge a row, delete one: each refused outright.
    const writes: [string, string, unknown[]][] = [
      [
        "extend a backup",
        `update public.backup_exports set expires_at = now() + interval '10 years' where id = $1`,
        [backup?.id],
      ],
      ["insert a conversation", `insert into public.conversations (user_id, title) values ($1, 'forged')`, [ALICE]],
      ["delete conversations", `delete from public.conversations`, []],
      ["complete a batch item", `update public.batch_items set status = 'completed'`, []],
      [
        "write an error report",
        `insert into public.error_logs (user_id, error_id, level, message) values ($1, 'e', 'error', 'x')`,
        [ALICE],
      ],
      ["spend the provider budget", `delete from public.generation_calls`, []],
    ];
    for (const [name, sql, params] of writes) {
      const outcome = await asUser(ALICE, sql, params);
      expect(outcome, name).toHaveProperty("error");
      expect((outcome as { error: unknown }).error, name).toBeInstanceOf(DatabaseError);
    }
    const [after] = await db.query<{ expires_at: Date }>(`select expires_at from public.backup_exports where id = $1`, [
      backup?.id,
    ]);
    expect(after?.expires_at).toEqual(backup?.expires_at);
    expect(await db.query(`select count(*) as n from public.conversations`)).toEqual([{ n: 2 }]);
    await db.query(`delete from public.backup_exports where id = $1`, [backup?.id]);
  });

  it("rejects a row that points at another user's row (composite foreign keys)", async () => {
    const [job] = await db.query<{ id: string }>(
      `insert into public.batch_jobs (user_id, total_items) values ($1, 1) returning id`,
      [ALICE],
    );
    const [item] = await db.query<{ id: string }>(
      `insert into public.batch_items (job_id, user_id, item_index, topic) values ($1, $2, 0, 'x') returning id`,
      [job?.id, ALICE],
    );
    const bobsConversation = await createConversation(db, BOB, "Bob's own");

    const intoAlicesJob = await rejection(() =>
      db.query(`insert into public.conversations (user_id, title, batch_job_id) values ($1, 'b', $2)`, [BOB, job?.id]),
    );
    expect(intoAlicesJob.code).toBe(ErrorCode.DB_FOREIGN_KEY_VIOLATION);
    const intoAlicesItem = await rejection(() =>
      db.query(`insert into public.conversations (user_id, title, batch_item_id) values ($1, 'b', $2)`, [
        BOB,
        item?.id,
      ]),
    );
    expect(intoAlicesItem.code).toBe(ErrorCode.DB_FOREIGN_KEY_VIOLATION);
    const itemToBobs = await rejection(() =>
      db.query(`update public.batch_items set conversation_id = $1 where id = $2`, [bobsConversation, item?.id]),
    );
    expect(itemToBobs.code).toBe(ErrorCode.DB_FOREIGN_KEY_VIOLATION);

    // Deleting the job clears only the reference: the conversation and its owner stay.
    const own = await createConversation(db, ALICE, "Alice's batch conversation");
    await db.query(`update public.conversations set batch_job_id = $1, batch_item_id = $2 where id = $3`, [
      job?.id,
      item?.id,
      own,
    ]);
    await db.query(`delete from public.batch_jobs where id = $1`, [job?.id]);
    expect(
      await db.query(`select user_id, batch_job_id, batch_item_id from public.conversations where id = $1`, [own]),
    ).toEqual([{ user_id: ALICE, batch_job_id: null, batch_item_id: null }]);
  });
});

describe("indexes the queries rely on", () => {
  it("exist for keyset pagination, claiming items, retention clean-up and the user's backups", async () => {
    const rows = await db.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public'`,
    );
    const definition = (name: string) => rows.find((r) => r.indexname === name)?.indexdef ?? "";
    expect(definition("conversations_user_created_idx")).toMatch(/\(user_id, created_at DESC, id DESC\)/);
    expect(definition("batch_items_claim_idx")).toMatch(/\(job_id, status, lease_until\)/);
    expect(definition("backup_exports_expires_at_idx")).toMatch(/\(expires_at\)/);
    expect(definition("backup_exports_user_created_idx")).toMatch(/\(user_id, created_at DESC\)/);
    expect(definition("error_logs_created_at_idx")).toMatch(/\(created_at\)/);
    expect(definition("conversation_turns_conversation_turn_key")).toMatch(/UNIQUE.*\(conversation_id, turn_index\)/);
  });
});
