/**
 * Test data and read-backs for the backup tests, in plain SQL so the assertions depend on the
 * schema, not on the code under test.
 */
import { randomUUID } from "node:crypto";
import type { Queryable } from "@/lib/db/types";

export interface SeededConversation {
  id: string;
  turnIds: string[];
}

/**
 * A conversation with `turns` turns, metadata, and timestamps with microseconds (the
 * precision a restore must keep), created `minutesAgo` minutes before now.
 */
export async function seedConversation(
  db: Queryable,
  userId: string,
  { turns = 3, label = "Conversation" }: { turns?: number; label?: string } = {},
): Promise<SeededConversation> {
  const id = randomUUID();
  await db.query(
    `insert into public.conversations (id, user_id, title, topic, persona, emotion, status, metadata, created_at, updated_at)
     values ($1, $2, $3, 'Refund request', 'support agent', null, 'approved', $4::jsonb,
             now() - interval '2 days' + (random() * interval '1 hour'), now() - interval '1 day' + (random() * interval '1 hour'))`,
    [
      id,
      userId,
      `${label} ${id.slice(0, 8)} – "quoted" ünïcode`,
      JSON.stringify({ source: "seed", tags: ["a", "b"], n: 3 }),
    ],
  );
  const turnIds: string[] = [];
  for (let index = 0; index < turns; index += 1) {
    const turnId = randomUUID();
    turnIds.push(turnId);
    await db.query(
      `insert into public.conversation_turns (id, conversation_id, user_id, turn_index, role, content, created_at)
       values ($1, $2, $3, $4, $5, $6, now() - interval '2 days' + (random() * interval '1 hour'))`,
      [
        turnId,
        id,
        userId,
        index,
        index % 2 === 0 ? "user" : "assistant",
        `Turn ${index} of ${id}\nwith a newline and 🚀`,
      ],
    );
  }
  return { id, turnIds };
}

export async function seedConversations(db: Queryable, userId: string, count: number, turns = 3): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await seedConversation(db, userId, { turns })).id);
  return ids;
}

/** Every column of the conversations and their turns, as Postgres renders them (microseconds included). */
export async function snapshotRows(db: Queryable, ids: readonly string[]): Promise<unknown> {
  const [row] = await db.query<{ conversations: unknown; turns: unknown }>(
    `select
       (select coalesce(jsonb_agg(to_jsonb(c) order by c.id), '[]'::jsonb)
          from public.conversations c where c.id = any($1::uuid[])) as conversations,
       (select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]'::jsonb)
          from public.conversation_turns t where t.conversation_id = any($1::uuid[])) as turns`,
    [ids],
  );
  return row;
}

/** The conversations as the backup format should hold them, built independently of lib/backup. */
export async function expectedBackupConversations(db: Queryable, ids: readonly string[]): Promise<unknown[]> {
  const iso = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
  const rows = await db.query<{ doc: unknown }>(
    `select jsonb_build_object(
              'id', c.id, 'title', c.title, 'topic', c.topic, 'persona', c.persona, 'emotion', c.emotion,
              'status', c.status, 'metadata', c.metadata, 'batchJobId', c.batch_job_id, 'batchItemId', c.batch_item_id,
              'createdAt', to_char(c.created_at at time zone 'UTC', ${iso}),
              'updatedAt', to_char(c.updated_at at time zone 'UTC', ${iso}),
              'turns', coalesce((select jsonb_agg(jsonb_build_object(
                          'id', t.id, 'turnIndex', t.turn_index, 'role', t.role, 'content', t.content,
                          'createdAt', to_char(t.created_at at time zone 'UTC', ${iso})) order by t.turn_index)
                        from public.conversation_turns t where t.conversation_id = c.id), '[]'::jsonb)) as doc
       from public.conversations c
       join unnest($1::uuid[]) with ordinality as wanted(id, position) on wanted.id = c.id
      order by wanted.position`,
    [ids],
  );
  return rows.map((row) => row.doc);
}

/** A fingerprint of every row a refused request must not touch (conversations, turns, backups). */
export async function fingerprint(db: Queryable): Promise<string> {
  const [row] = await db.query(
    `select
       (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from public.conversations c) as conversations,
       (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from public.conversation_turns t) as turns,
       (select md5(coalesce(string_agg(b::text, '|' order by b.id), '')) from public.backup_exports b) as backups,
       (select count(*)::int from public.backup_export_parts) as parts,
       (select count(*)::int from public.conversations) as n`,
  );
  return JSON.stringify(row);
}

export async function countRows(
  db: Queryable,
  table: "backup_exports" | "backup_export_parts" | "conversations",
): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from public.${table}`);
  return Number(row?.n ?? 0);
}

export async function expireBackup(db: Queryable, backupId: string): Promise<void> {
  await db.query(`update public.backup_exports set expires_at = now() - interval '1 minute' where backup_id = $1`, [
    backupId,
  ]);
}

/** Reads a whole async iterable of strings (small test backups only). */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}
