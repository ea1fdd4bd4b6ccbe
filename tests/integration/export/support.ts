/**
 * Test data for the export tests, in plain SQL so the assertions depend on the schema, not
 * on the code under test.
 */
import { randomUUID } from "node:crypto";
import type { Queryable } from "@/lib/db/types";

export async function seedBatch(
  db: Queryable,
  userId: string,
  name: string,
  config: Record<string, unknown> = {},
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into public.batch_jobs (id, user_id, name, status, config, total_items) values ($1, $2, $3, 'completed', $4::jsonb, 0)`,
    [id, userId, name, JSON.stringify(config)],
  );
  return id;
}

export interface SeedTurn {
  role: "user" | "assistant";
  content: string;
}

let sequence = 0;

/** One conversation with the given turns; created a little later than the previous one. */
export async function seedExportConversation(
  db: Queryable,
  userId: string,
  turns: SeedTurn[],
  {
    batchJobId = null,
    title,
    metadata = {},
  }: { batchJobId?: string | null; title?: string; metadata?: Record<string, unknown> } = {},
): Promise<string> {
  const id = randomUUID();
  sequence += 1;
  await db.query(
    `insert into public.conversations (id, user_id, title, topic, metadata, batch_job_id, created_at)
     values ($1, $2, $3, 'topic', $4::jsonb, $5, now() - interval '1 day' + $6::int * interval '1 millisecond')`,
    [id, userId, title ?? `Conversation ${sequence}`, JSON.stringify(metadata), batchJobId, sequence],
  );
  for (const [index, turn] of turns.entries()) {
    await db.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content) values ($1, $2, $3, $4, $5)`,
      [id, userId, index, turn.role, turn.content],
    );
  }
  return id;
}

/** A clean conversation of `pairs` user/assistant pairs with unique content. */
export function cleanTurns(pairs: number, tag: string = randomUUID()): SeedTurn[] {
  return Array.from({ length: pairs }, (_, i) => [
    { role: "user" as const, content: `Question ${i} (${tag}): "quoted" ünïcode 🚀\nsecond line` },
    { role: "assistant" as const, content: `Answer ${i} (${tag})` },
  ]).flat();
}

export async function fingerprint(db: Queryable): Promise<string> {
  const [row] = await db.query(
    `select
       (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from public.conversations c) as conversations,
       (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from public.conversation_turns t) as turns,
       (select count(*)::int from public.export_requests) as exports`,
  );
  return JSON.stringify(row);
}
