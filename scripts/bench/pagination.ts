/**
 * Conversations list: the cost of a deep page with keyset pagination (what the app does)
 * against OFFSET pagination (the naive baseline), on the same data in one run.
 *
 * Keyset reads the page straight from the (user_id, created_at desc, id desc) index, so a
 * page 500 deep should cost about what page 1 costs; OFFSET walks and discards every row
 * before the page, so its cost grows with depth.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/types";
import { listConversations } from "@/lib/conversations";
import { CURSOR_TIMESTAMP_SQL, encodeCursor } from "@/lib/conversations/cursor";
import { median, formatMs, timeIt } from "./timing";

const PAGE_SIZE = 20;

export interface PaginationBenchOptions {
  conversations: number;
  repeats: number;
}

async function seed(db: Database, userId: string, otherUserId: string, count: number): Promise<void> {
  // Two users with the same number of rows: the index must skip the other user's rows too.
  for (const owner of [userId, otherUserId]) {
    await db.query(
      `insert into public.conversations (user_id, title, topic, created_at)
       select $1::uuid, 'Conversation ' || g, 'topic ' || (g % 50),
              now() - make_interval(secs => g)
         from generate_series(1, $2::int) g`,
      [owner, count],
    );
  }
  await db.query("analyze public.conversations");
}

async function cursorAtDepth(db: Database, userId: string, depth: number): Promise<string> {
  const [row] = await db.query<{ id: string; t: string }>(
    `select c.id, ${CURSOR_TIMESTAMP_SQL} as t from public.conversations c
      where c.user_id = $1 order by c.created_at desc, c.id desc offset $2 limit 1`,
    [userId, depth - 1],
  );
  if (!row) throw new Error(`no row at depth ${depth}`);
  return encodeCursor({ createdAt: row.t, id: row.id });
}

async function offsetPage(db: Database, userId: string, offset: number): Promise<number> {
  const rows = await db.query(
    // The same columns the app's list selects, so only the way to the page differs.
    `select c.id, c.title, c.topic, c.persona, c.emotion, c.status, c.created_at, c.updated_at,
            ${CURSOR_TIMESTAMP_SQL} as cursor_created_at,
            (select count(*) from public.conversation_turns t
              where t.conversation_id = c.id and t.user_id = c.user_id)::int as turn_count
       from public.conversations c
      where c.user_id = $1 order by c.created_at desc, c.id desc offset $2 limit $3`,
    [userId, offset, PAGE_SIZE],
  );
  return rows.length;
}

export async function benchPagination(db: Database, options: PaginationBenchOptions): Promise<void> {
  const userId = randomUUID();
  await seed(db, userId, randomUUID(), options.conversations);
  const deepOffset = options.conversations - PAGE_SIZE;
  const deepCursor = await cursorAtDepth(db, userId, deepOffset);

  const keysetFirst = median(await timeIt(options.repeats, () => listConversations({ db, userId, limit: PAGE_SIZE })));
  const keysetDeep = median(
    await timeIt(options.repeats, () => listConversations({ db, userId, limit: PAGE_SIZE, cursor: deepCursor })),
  );
  const offsetFirst = median(await timeIt(options.repeats, () => offsetPage(db, userId, 0)));
  const offsetDeep = median(await timeIt(options.repeats, () => offsetPage(db, userId, deepOffset)));

  console.log(
    `\nConversations list, ${options.conversations} rows per user, page of ${PAGE_SIZE} (median of ${options.repeats})`,
  );
  console.log(`  ${"".padEnd(22)}${"first page".padStart(12)}${"last page".padStart(12)}${"last/first".padStart(12)}`);
  console.log(
    `  ${"keyset (the app)".padEnd(22)}${formatMs(keysetFirst).padStart(12)}${formatMs(keysetDeep).padStart(12)}${`${(keysetDeep / keysetFirst).toFixed(2)}x`.padStart(12)}`,
  );
  console.log(
    `  ${"OFFSET (baseline)".padEnd(22)}${formatMs(offsetFirst).padStart(12)}${formatMs(offsetDeep).padStart(12)}${`${(offsetDeep / offsetFirst).toFixed(2)}x`.padStart(12)}`,
  );
  console.log(`  last page: OFFSET / keyset = ${(offsetDeep / keysetDeep).toFixed(1)}x`);
}
