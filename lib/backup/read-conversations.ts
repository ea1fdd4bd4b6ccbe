import "server-only";
import type { Queryable } from "@/lib/db/types";
import type { BackupConversation, BackupTurn } from "./document";

/*
 * Reads conversations with their turns exactly as they are stored, for the backup writer.
 * Timestamps are formatted by Postgres with microseconds (a JS Date would drop them), so
 * what a restore writes back is identical to what was backed up.
 */

const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

interface ConversationRow extends Record<string, unknown> {
  id: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  status: string;
  metadata: Record<string, unknown>;
  batch_job_id: string | null;
  batch_item_id: string | null;
  created_at: string;
  updated_at: string;
}

interface TurnRow extends Record<string, unknown> {
  id: string;
  conversation_id: string;
  turn_index: number;
  role: "user" | "assistant";
  content: string;
  created_at: string;
}

/** The user's conversations among `ids`, with all their turns, in the order of `ids`. */
export async function readConversations(
  db: Queryable,
  userId: string,
  ids: readonly string[],
): Promise<BackupConversation[]> {
  const conversations = await db.query<ConversationRow>(
    `select id, title, topic, persona, emotion, status, metadata, batch_job_id, batch_item_id,
            to_char(created_at at time zone 'UTC', ${ISO_MICROS}) as created_at,
            to_char(updated_at at time zone 'UTC', ${ISO_MICROS}) as updated_at
       from public.conversations
      where user_id = $1 and id = any($2::uuid[])`,
    [userId, ids],
  );
  const turns = await db.query<TurnRow>(
    `select id, conversation_id, turn_index, role, content,
            to_char(created_at at time zone 'UTC', ${ISO_MICROS}) as created_at
       from public.conversation_turns
      where user_id = $1 and conversation_id = any($2::uuid[])
      order by conversation_id, turn_index`,
    [userId, ids],
  );

  const turnsByConversation = new Map<string, BackupTurn[]>();
  for (const turn of turns) {
    const list = turnsByConversation.get(turn.conversation_id) ?? [];
    list.push({
      id: turn.id,
      turnIndex: Number(turn.turn_index),
      role: turn.role,
      content: turn.content,
      createdAt: turn.created_at,
    });
    turnsByConversation.set(turn.conversation_id, list);
  }

  const byId = new Map(conversations.map((row) => [row.id, row]));
  const result: BackupConversation[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    result.push({
      id: row.id,
      title: row.title,
      topic: row.topic,
      persona: row.persona,
      emotion: row.emotion,
      status: row.status,
      metadata: row.metadata,
      batchJobId: row.batch_job_id,
      batchItemId: row.batch_item_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      turns: turnsByConversation.get(row.id) ?? [],
    });
  }
  return result;
}

/** Which of `ids` are not the user's conversations (missing or someone else's). */
export async function findNotOwned(db: Queryable, userId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select id from public.conversations where user_id = $1 and id = any($2::uuid[])`,
    [userId, ids],
  );
  const owned = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !owned.has(id));
}

/** Ids lower-cased and without repeats, first occurrence first. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
