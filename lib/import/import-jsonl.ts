import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Database, Transaction } from "@/lib/db/types";
import type { ImportLineError, ImportResult } from "@/lib/export/types";
import { badFile, lineErrors, tooManyConversations } from "./errors";
import { parseExampleLine, titleFrom, type ImportedExample, type JsonlFormat } from "./examples";
import { readLines } from "./read-body";

export interface ImportJsonlInput {
  db?: Database;
  userId: string;
  format: JsonlFormat;
  body: ReadableStream<Uint8Array> | null;
  declaredLength?: string | null;
  /** Defaults: config.imports. */
  maxBytes?: number;
  maxLineBytes?: number;
  maxConversations?: number;
}

interface NumberedExample extends ImportedExample {
  line: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const BLANK = /^\s*$/;

/**
 * Imports a `messages` or `sharegpt` JSONL file as new conversations, all or nothing.
 *
 * The body is parsed line by line as it streams in, and nothing is written until the last
 * line has checked out: one bad line is a 400 naming it (and up to maxLineErrors others), and
 * the database was never touched. The valid examples are held in memory meanwhile (at most
 * maxConversations, each at most maxLineBytes, all within maxBytes), which is what lets the
 * single write transaction stay short instead of staying open for as long as a slow upload
 * takes (on the embedded engine an open transaction holds up every other request).
 */
export async function importJsonl(input: ImportJsonlInput): Promise<ImportResult> {
  const maxConversations = input.maxConversations ?? config.imports.maxConversations;
  const maxLineBytes = input.maxLineBytes ?? config.imports.maxLineBytes;
  const examples: NumberedExample[] = [];
  const errors: ImportLineError[] = [];
  let errorCount = 0;
  let count = 0;

  const fail = (line: number, message: string) => {
    errorCount += 1;
    if (errors.length < config.imports.maxLineErrors) errors.push({ line, message });
  };

  for await (const raw of readLines({
    body: input.body,
    declaredLength: input.declaredLength,
    maxBytes: input.maxBytes ?? config.imports.maxFileBytes,
    maxLineBytes,
  })) {
    if (raw.bytes === null) {
      count += 1;
      if (count > maxConversations) throw tooManyConversations(maxConversations);
      fail(raw.line, `is longer than ${maxLineBytes.toLocaleString("en-US")} bytes, the limit per example`);
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(raw.bytes);
    } catch {
      count += 1;
      fail(raw.line, "is not valid UTF-8 text");
      continue;
    }
    if (raw.line === 1 && text.startsWith("\uFEFF")) text = text.slice(1);
    // Blank lines (a trailing newline, a gap) are no examples; line numbers still count them.
    if (BLANK.test(text)) continue;
    count += 1;
    if (count > maxConversations) throw tooManyConversations(maxConversations);
    const parsed = parseExampleLine(text, input.format);
    if (!parsed.ok) fail(raw.line, parsed.message);
    // After the first error the rest is only checked, not kept: nothing will be written.
    else if (errorCount === 0) examples.push({ ...parsed.example, line: raw.line });
  }

  if (errorCount > 0) throw lineErrors(errors, errorCount, "line");
  if (examples.length === 0) {
    throw badFile(`The file holds no examples: send one JSON object per line, like ${exampleOf(input.format)}.`);
  }

  const db = input.db ?? (await getDb());
  await db.transaction(async (tx) => {
    const chunkSize = config.imports.insertChunkSize;
    for (let start = 0; start < examples.length; start += chunkSize) {
      await insertExamples(tx, input.userId, input.format, examples.slice(start, start + chunkSize));
    }
  });
  return { format: input.format, imported: examples.length, skipped: 0 };
}

async function insertExamples(
  tx: Transaction,
  userId: string,
  format: JsonlFormat,
  examples: NumberedExample[],
): Promise<void> {
  const conversations = examples.map((example) => {
    const title = titleFrom(example);
    const metadata: Record<string, unknown> = { source: "import", format, line: example.line };
    if (example.systemPrompt !== null) metadata.systemPrompt = example.systemPrompt;
    return { id: randomUUID(), title, topic: title, metadata, turns: example.turns };
  });
  await tx.query(
    `insert into public.conversations (id, user_id, title, topic, status, metadata)
     select r."id", $2, r."title", r."topic", 'completed', r."metadata"
       from jsonb_to_recordset($1::jsonb) as r("id" uuid, "title" text, "topic" text, "metadata" jsonb)`,
    [JSON.stringify(conversations.map(({ turns: _turns, ...row }) => row)), userId],
  );
  const turns = conversations.flatMap((conversation) =>
    conversation.turns.map((turn, turnIndex) => ({
      id: randomUUID(),
      conversationId: conversation.id,
      turnIndex,
      role: turn.role,
      content: turn.content,
    })),
  );
  await tx.query(
    `insert into public.conversation_turns (id, conversation_id, user_id, turn_index, role, content)
     select t."id", t."conversationId", $2, t."turnIndex", t."role", t."content"
       from jsonb_to_recordset($1::jsonb) as t("id" uuid, "conversationId" uuid, "turnIndex" int, "role" text, "content" text)`,
    [JSON.stringify(turns), userId],
  );
}

function exampleOf(format: JsonlFormat): string {
  return format === "messages"
    ? `{"messages":[{"role":"user","content":"..."},{"role":"assistant","content":"..."}]}`
    : `{"conversations":[{"from":"human","value":"..."},{"from":"gpt","value":"..."}]}`;
}
