/**
 * One export variant in a process of its own, so its memory is the only thing measured:
 * `tsx --conditions=react-server scripts/bench/export-memory-child.ts <jsonl|zip|naive> <userId>`
 * with BENCH_CHILD_DATABASE (a postgres:// URL or a PGlite directory). Prints one JSON line:
 * the run's duration, the bytes produced, the process's RSS when the export started and its
 * highest RSS during the export (sampled every 2 ms).
 *
 * - jsonl: what GET /api/exports/:id/download streams without a split (messages format),
 *   through the route's ReadableStream, read to the end and discarded as a browser saves it.
 * - zip: the same with a 10% split, seed 42 and excludeProblems (the duplicate check's hashes
 *   and the validation id set are kept: the two things the export holds across the file).
 * - naive: the baseline: every conversation with its turns in memory, then the whole JSONL
 *   file built as one string.
 */
import { measureRss, openChildDatabase } from "./measure-rss";
import type { Database } from "@/lib/db/types";
import { toByteStream } from "@/lib/export/byte-stream";
import { toMessages } from "@/lib/export/formats";
import { databaseNow } from "@/lib/export/read";
import type { ExportRequest } from "@/lib/export/types";
import { streamExport } from "@/lib/export/write";

async function streamed(db: Database, userId: string, split: boolean): Promise<number> {
  const request: ExportRequest = {
    selection: { kind: "all" },
    options: split
      ? { format: "messages", validationPercent: 10, seed: 42, excludeProblems: true }
      : { format: "messages" },
  };
  const stream = streamExport({
    db,
    userId,
    request,
    cutoff: await databaseNow(db),
    generatedAt: new Date(),
    name: "bench",
  });
  const reader = toByteStream(stream.chunks).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

/** Load everything, then build the file: what an export without pages and streams does. */
async function naive(db: Database, userId: string): Promise<number> {
  const conversations = await db.query<{ id: string }>(
    `select id from public.conversations where user_id = $1 order by created_at, id`,
    [userId],
  );
  const turns = await db.query<{ conversation_id: string; role: "user" | "assistant"; content: string }>(
    `select conversation_id, role, content from public.conversation_turns where user_id = $1 order by conversation_id, turn_index`,
    [userId],
  );
  const byConversation = new Map<string, { role: "user" | "assistant"; content: string }[]>();
  for (const turn of turns) {
    const list = byConversation.get(turn.conversation_id) ?? [];
    list.push({ role: turn.role, content: turn.content });
    byConversation.set(turn.conversation_id, list);
  }
  const text = conversations.map((c) => JSON.stringify(toMessages(byConversation.get(c.id) ?? []))).join("\n") + "\n";
  return Buffer.byteLength(text, "utf8");
}

/**
 * On the embedded engine the database's page cache lives in this process: reading 40,000
 * conversations fills up to shared_buffers (128 MB) that 10,000 leave partly empty. That is
 * the database's memory, bounded whatever the export does, so it is filled before the
 * measurement starts (index scans: a sequential scan of a large table would use a small ring
 * buffer instead of the cache). On PostgreSQL the cache is in the server's processes.
 */
async function warmPageCache(db: Database, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("set local enable_seqscan = off");
    await tx.query("select count(*), sum(length(title)) from public.conversations where user_id = $1", [userId]);
    await tx.query(
      "select count(*), sum(length(content)) from public.conversation_turns where conversation_id >= '00000000-0000-0000-0000-000000000000'::uuid and user_id = $1",
      [userId],
    );
  });
}

async function main(): Promise<void> {
  const [variant, userId] = process.argv.slice(2);
  const target = process.env.BENCH_CHILD_DATABASE;
  if ((variant !== "jsonl" && variant !== "zip" && variant !== "naive") || !userId || !target) {
    throw new Error("usage: export-memory-child.ts <jsonl|zip|naive> <userId> (BENCH_CHILD_DATABASE set)");
  }
  const db = await openChildDatabase(target);
  try {
    if (db.engine === "pglite") await warmPageCache(db, userId);
    const { result: bytes, ...measured } = await measureRss(() =>
      variant === "naive" ? naive(db, userId) : streamed(db, userId, variant === "zip"),
    );
    console.log(JSON.stringify({ variant, bytes, ...measured }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
