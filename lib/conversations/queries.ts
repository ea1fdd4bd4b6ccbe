import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable, Row } from "@/lib/db/types";
import { ValidationError, notFound } from "@/lib/errors/classes";
import { config } from "@/lib/config";
import { CURSOR_TIMESTAMP_SQL, decodeCursor, encodeCursor } from "./cursor";
import type { ConversationPage, ConversationSummary, ConversationTurn, ConversationWithTurns, TurnRole } from "./types";

/*
 * Reads of the user's conversations. Every query is scoped by user id: another user's
 * conversation is indistinguishable from one that does not exist.
 */

export interface ListConversationsInput {
  db?: Queryable;
  userId: string;
  cursor?: string;
  /** 1..100, default 20. */
  limit?: number;
}

export interface GetConversationInput {
  db?: Queryable;
  userId: string;
  id: string;
}

const SUMMARY_COLUMNS = `
  c.id, c.title, c.topic, c.persona, c.emotion, c.status, c.created_at, c.updated_at,
  ${CURSOR_TIMESTAMP_SQL} as cursor_created_at,
  (select count(*) from public.conversation_turns t
    where t.conversation_id = c.id and t.user_id = c.user_id)::int as turn_count`;

/** One page of the user's conversations, newest first (keyset on created_at desc, id desc). */
export async function listConversations(input: ListConversationsInput): Promise<ConversationPage> {
  const limit = input.limit ?? config.pagination.defaultPageSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > config.pagination.maxPageSize) {
    throw new ValidationError(`"limit" must be a whole number from 1 to ${config.pagination.maxPageSize}.`, {
      limit: [`must be between 1 and ${config.pagination.maxPageSize}`],
    });
  }
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);

  const params: unknown[] = [input.userId];
  let keyset = "";
  if (after) {
    params.push(after.createdAt, after.id);
    // Row comparison matches the index order exactly, so equal timestamps fall back to id.
    keyset = "and (c.created_at, c.id) < ($2::timestamptz, $3::uuid)";
  }
  params.push(limit + 1);

  const db = input.db ?? (await getDb());
  const rows = await db.query(
    `select ${SUMMARY_COLUMNS}
       from public.conversations c
      where c.user_id = $1 ${keyset}
      order by c.created_at desc, c.id desc
      limit $${params.length}`,
    params,
  );

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ createdAt: String(last.cursor_created_at), id: String(last.id) })
      : null;
  return { items: page.map(toSummary), nextCursor };
}

/** One of the user's conversations with its turns in order; 404 when missing or not theirs. */
export async function getConversation(input: GetConversationInput): Promise<ConversationWithTurns> {
  const db = input.db ?? (await getDb());
  const summary = await getConversationSummary({ ...input, db });
  return { ...summary, turns: await listConversationTurns({ ...input, db }) };
}

/**
 * One of the user's conversations without its turns; 404 when missing or not theirs. The
 * detail page checks this before it streams the transcript, so a missing id can still
 * answer HTTP 404 (see app/conversations/[id]/page.tsx).
 */
export async function getConversationSummary(input: GetConversationInput): Promise<ConversationSummary> {
  const db = input.db ?? (await getDb());
  const [row] = await db.query(
    `select ${SUMMARY_COLUMNS}
       from public.conversations c
      where c.id = $1 and c.user_id = $2`,
    [input.id, input.userId],
  );
  if (!row) throw notFound("Conversation");
  return toSummary(row);
}

/** The turns of one of the user's conversations, in order; empty when it is not theirs. */
export async function listConversationTurns(input: GetConversationInput): Promise<ConversationTurn[]> {
  const db = input.db ?? (await getDb());
  const turns = await db.query(
    `select id, turn_index, role, content, created_at
       from public.conversation_turns
      where conversation_id = $1 and user_id = $2
      order by turn_index`,
    [input.id, input.userId],
  );
  return turns.map(toTurn);
}

function toSummary(row: Row): ConversationSummary {
  return {
    id: String(row.id),
    title: String(row.title),
    topic: String(row.topic),
    persona: nullableString(row.persona),
    emotion: nullableString(row.emotion),
    status: String(row.status),
    turnCount: Number(row.turn_count),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toTurn(row: Row): ConversationTurn {
  return {
    id: String(row.id),
    turnIndex: Number(row.turn_index),
    role: row.role as TurnRole,
    content: String(row.content),
    createdAt: toIso(row.created_at),
  };
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Both engines return timestamptz as Date; a string is tolerated in case a driver is configured otherwise. */
function toIso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
