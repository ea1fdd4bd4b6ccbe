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
    await db.query(`update public.conversations set created_at = now() - interval '1 day', updated_at = now() - interval '1 day' where id = $1`, [id]);
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
    await db.query(`insert into public.batch_checkpoints (job_id, user_id, total_items) values ($1, $2, 2)`, [jobId, ALICE]);
    const [item] = await db.query<{ id: string }>(`select id from public.batch_items where job_id = $1 and item_index = 0`, [jobId]);
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
    expect(await db.query(`select status, conversation_id from public.batch_items where job_id = $1`, [jobId])).toEqual([
      { status: "completed", conversation_id: null },
    ]);
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
      db.query(`insert into public.batch_checkpoints (job_id, user_id, total_items) values ($1, $2, 10)`, [jobId, ALICE]),
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

describe("row level security", () => {
  it("is enabled on every table, with select/insert/update/delete policies for authenticated users", async () => {
    const rls = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    for (const table of [...TABLES, "schema_migrations"]) {
      expect(rls.find((r) => r.relname === table), table).toEqual({ relname: table, relrowsecurity: true });
    }

    const policies = await db.query<{ tablename: string; cmd: string; roles: string[] | string; qual: string | null; with_check: string | null }>(
      `select tablename, cmd, roles, qual, with_check from pg_policies where schemaname = 'public' order by tablename, cmd`,
    );
    for (const table of TABLES) {
      const commands = policies.filter((p) => p.tablename === table).map((p) => p.cmd).sort();
      expect(commands, table).toEqual(table === "error_logs" ? ["INSERT"] : ["DELETE", "INSERT", "SELECT", "UPDATE"]);
    }
    for (const policy of policies) {
      expect(String(policy.roles)).toContain("authenticated");
      expect(`${policy.qual ?? ""} ${policy.with_check ?? ""}`).toMatch(/user_id = \(?\s*SELECT auth\.uid\(\)/i);
    }
  });

  it("lets a signed-in user's token reach only that user's rows", async () => {
    await createConversation(db, ALICE, "Alice's");
    await createConversation(db, BOB, "Bob's");

    const asUser = async (userId: string) =>
      db.transaction(async (tx) => {
        // Supabase grants these to `authenticated`; locally the grant lives only in this
        // transaction, which is rolled back with it.
        await tx.exec(`grant select, insert on public.conversations to authenticated`);
        await tx.query(`select set_config('request.jwt.claim.sub', $1, true)`, [userId]);
        await tx.exec(`set local role authenticated`);
        const visible = await tx.query<{ title: string }>(`select title from public.conversations order by title`);
        const foreignInsert = await tx
          .query(`insert into public.conversations (user_id, title) values ($1, 'forged')`, [
            userId === ALICE ? BOB : ALICE,
          ])
          .then(
            () => "inserted",
            (err: unknown) => err,
          );
        throw Object.assign(new Error("rollback"), { visible, foreignInsert });
      }).catch((err: { visible?: unknown; foreignInsert?: unknown }) => err);

    const alice = await asUser(ALICE);
    expect(alice.visible).toEqual([{ title: "Alice's" }]);
    expect(alice.foreignInsert).toBeInstanceOf(DatabaseError);

    const bob = await asUser(BOB);
    expect(bob.visible).toEqual([{ title: "Bob's" }]);
    expect(await db.query(`select count(*) as n from public.conversations`)).toEqual([{ n: 2 }]);
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
