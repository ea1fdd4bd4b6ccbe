/**
 * Test data for the conversation routes: conversations with turns, written with plain SQL
 * so the tests depend on the schema, not on the code under test.
 */
import { randomUUID } from "node:crypto";
import type { Queryable } from "@/lib/db/types";

export interface SeedConversation {
  id?: string;
  userId: string;
  title?: string;
  topic?: string;
  /** Any timestamptz literal; default now(). */
  createdAt?: string;
  turns?: number;
}

export async function seedConversation(db: Queryable, spec: SeedConversation): Promise<string> {
  const id = spec.id ?? randomUUID();
  await db.query(
    `insert into public.conversations (id, user_id, title, topic, persona, emotion, status, created_at, updated_at)
     values ($1, $2, $3, $4, 'support agent', 'calm', 'completed', coalesce($5::timestamptz, now()), coalesce($5::timestamptz, now()))`,
    [
      id,
      spec.userId,
      spec.title ?? `Conversation ${id.slice(0, 8)}`,
      spec.topic ?? "Refund request",
      spec.createdAt ?? null,
    ],
  );
  const turns = spec.turns ?? 0;
  // Inserted out of order on purpose: the API must order by turn_index, not insertion.
  for (const index of Array.from({ length: turns }, (_, i) => turns - 1 - i)) {
    await db.query(
      `insert into public.conversation_turns (conversation_id, user_id, turn_index, role, content)
       values ($1, $2, $3, $4, $5)`,
      [id, spec.userId, index, index % 2 === 0 ? "user" : "assistant", `Turn ${index} of ${id.slice(0, 8)}`],
    );
  }
  return id;
}

/** A fingerprint of every row of the tables a bad request must not touch. */
export async function tableFingerprint(db: Queryable): Promise<string> {
  const [row] = await db.query<{ conversations: string | null; turns: string | null; n: number }>(
    `select
       (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from public.conversations c) as conversations,
       (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from public.conversation_turns t) as turns,
       (select count(*)::int from public.conversations) as n`,
  );
  return JSON.stringify(row);
}

/** The `params` argument Next 16 passes to a dynamic route handler. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export const NO_PARAMS = { params: Promise.resolve({}) };
