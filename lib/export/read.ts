import "server-only";
import { config } from "@/lib/config";
import type { Queryable } from "@/lib/db/types";
import { notFound } from "@/lib/errors/classes";
import type { ExportConversation } from "./pipeline";
import type { ExportSelection } from "./types";

/*
 * The selected conversations with their turns, in keyset pages (created_at, id ascending), so
 * an export of any size holds one page at a time. Every query is scoped by user id and by a
 * cutoff (conversations created later are not part of this export), so the passes of one
 * download see the same conversations.
 */

/** created_at rendered to the microsecond, as the keyset compares it (a JS Date would drop micros). */
const ISO_MICROS_SQL = `to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The current database time to the microsecond: the cutoff of an export made now. */
export async function databaseNow(db: Queryable): Promise<string> {
  const [row] = await db.query<{ now: string }>(
    `select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
  );
  if (!row) throw new Error("select now() returned no row");
  return row.now;
}

/**
 * `where` conditions (for alias `c`) that pick the user's selected conversations up to the
 * cutoff; pushes its parameters onto `params`.
 */
export function selectionConditions(
  params: unknown[],
  userId: string,
  selection: ExportSelection,
  cutoff: string,
): string {
  params.push(userId, cutoff);
  const base = `c.user_id = $${params.length - 1} and c.created_at <= $${params.length}::timestamptz`;
  switch (selection.kind) {
    case "ids":
      params.push(selection.ids.map((id) => id.toLowerCase()));
      return `${base} and c.id = any($${params.length}::uuid[])`;
    case "batch":
      params.push(selection.batchId);
      return `${base} and c.batch_job_id = $${params.length}::uuid`;
    case "all":
      return base;
  }
}

/** 404 unless every selected id is the user's conversation, or the batch is the user's. */
export async function assertSelectionOwned(db: Queryable, userId: string, selection: ExportSelection): Promise<void> {
  if (selection.kind === "batch") {
    const rows = await db.query(`select 1 from public.batch_jobs where id = $1 and user_id = $2`, [
      selection.batchId,
      userId,
    ]);
    if (rows.length === 0) throw notFound("Batch", { batchId: selection.batchId });
  } else if (selection.kind === "ids") {
    const ids = [...new Set(selection.ids.map((id) => id.toLowerCase()))];
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.conversations where user_id = $1 and id = any($2::uuid[])`,
      [userId, ids],
    );
    const missing = ids.length - Number(row?.n ?? 0);
    if (missing > 0) throw notFound("Conversation", { missing });
  }
}

interface ConversationRow extends Record<string, unknown> {
  id: string;
  title: string;
  batch_job_id: string | null;
  provider: string | null;
  model: string | null;
  cursor_at: string;
}

interface TurnRow extends Record<string, unknown> {
  conversation_id: string;
  role: "user" | "assistant";
  content: string;
}

export interface ReadPagesInput {
  db: Queryable;
  userId: string;
  selection: ExportSelection;
  cutoff: string;
  /** Only these conversations (the validation file's pass). */
  onlyIds?: readonly string[];
  pageSize?: number;
}

/** The selection, a page of conversations (with their turns, in order) at a time. */
export async function* readConversationPages(input: ReadPagesInput): AsyncGenerator<ExportConversation[]> {
  if (input.onlyIds) {
    yield* readByIds(input, input.onlyIds);
    return;
  }
  const pageSize = input.pageSize ?? config.exports.pageSize;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [];
    let where = selectionConditions(params, input.userId, input.selection, input.cutoff);
    if (after) {
      params.push(after.at, after.id);
      where += ` and (c.created_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(pageSize);
    const rows: ConversationRow[] = await input.db.query<ConversationRow>(
      `select ${CONVERSATION_COLUMNS}
         from public.conversations c
        where ${where}
        order by c.created_at, c.id
        limit $${params.length}`,
      params,
    );
    if (rows.length === 0) return;
    yield await withTurns(input, rows);
    const last = rows.at(-1) as ConversationRow;
    after = { at: last.cursor_at, id: last.id };
    if (rows.length < pageSize) return;
  }
}

/**
 * Only the given conversations (the validation file), a page of ids at a time, looked up by
 * primary key (a join on the ids, so no engine scans the whole selection for each page).
 * Pages follow the ids' sorted order; inside a page, created_at then id.
 */
async function* readByIds(input: ReadPagesInput, ids: readonly string[]): AsyncGenerator<ExportConversation[]> {
  const pageSize = input.pageSize ?? config.exports.pageSize;
  const sorted = [...ids].map((id) => id.toLowerCase()).sort();
  for (let start = 0; start < sorted.length; start += pageSize) {
    const params: unknown[] = [];
    const where = selectionConditions(params, input.userId, input.selection, input.cutoff);
    params.push(sorted.slice(start, start + pageSize));
    const rows = await input.db.query<ConversationRow>(
      `select ${CONVERSATION_COLUMNS}
         from unnest($${params.length}::uuid[]) as wanted(id)
         join public.conversations c on c.id = wanted.id
        where ${where}
        order by c.created_at, c.id`,
      params,
    );
    if (rows.length > 0) yield await withTurns(input, rows);
  }
}

const CONVERSATION_COLUMNS = `c.id, c.title, c.batch_job_id, c.metadata->>'provider' as provider, c.metadata->>'model' as model,
              ${ISO_MICROS_SQL} as cursor_at`;

async function withTurns(input: ReadPagesInput, rows: readonly ConversationRow[]): Promise<ExportConversation[]> {
  // One index lookup per conversation (a lateral join): with `conversation_id = any(...)` a
  // planner without statistics (PGlite never analyzes) scans every turn of every user for
  // each page, which makes an export quadratic in its size.
  const turns = await input.db.query<TurnRow>(
    `select wanted.id as conversation_id, t.role, t.content
       from unnest($2::uuid[]) as wanted(id)
       cross join lateral (
         select role, content, turn_index
           from public.conversation_turns
          where conversation_id = wanted.id and user_id = $1
          order by turn_index) t`,
    [input.userId, rows.map((row) => row.id)],
  );
  const byConversation = new Map<string, ExportConversation["turns"]>();
  for (const turn of turns) {
    const list = byConversation.get(turn.conversation_id) ?? [];
    list.push({ role: turn.role, content: turn.content });
    byConversation.set(turn.conversation_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    batchJobId: row.batch_job_id,
    provider: row.provider,
    model: row.model,
    turns: byConversation.get(row.id) ?? [],
  }));
}
