import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import type { Database, Transaction } from "@/lib/db/types";
import { conflict } from "@/lib/errors/classes";
import { damaged, readParts, type BackupPart } from "./backup-stream";
import { DOCUMENT_TAIL, DocumentDigest, PART_SEPARATOR, documentHead, type BackupConversation } from "./document";
import { assertUnexpired, loadBackup, type LoadedBackup } from "./get-backup";

export interface RestoreBackupInput {
  db?: Database;
  userId: string;
  backupId: string;
}

export interface RestoreResult {
  /** Conversations written back (they were missing). */
  restored: number;
  /** Conversations left alone because they still exist. */
  skipped: number;
}

const timestamp = z.string().min(1);
/**
 * One conversation of the backup format, as the server wrote it. An uploaded file (lib/import)
 * checks more on top (lengths, uniqueness, timestamps), since it may come from anywhere.
 */
export const backupConversationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  topic: z.string(),
  persona: z.string().nullable(),
  emotion: z.string().nullable(),
  status: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  batchJobId: z.uuid().nullable(),
  batchItemId: z.uuid().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  turns: z.array(
    z.object({
      id: z.uuid(),
      turnIndex: z.number().int().min(0),
      role: z.enum(["user", "assistant"]),
      content: z.string(),
      createdAt: timestamp,
    }),
  ),
});

/**
 * Writes back, with the same ids, timestamps and turns, every conversation of the user's
 * (unexpired) backup that no longer exists; the ones that still exist are skipped, so running
 * it twice restores nothing the second time. One transaction: the backup's SHA-256 is
 * recomputed on the way and a mismatch rolls everything back.
 */
export async function restoreBackup(input: RestoreBackupInput): Promise<RestoreResult> {
  const db = input.db ?? (await getDb());
  return db.transaction(async (tx) => {
    // Held until commit: the clean-up cannot remove the backup halfway through a restore.
    const backup = await loadBackup({ db: tx, userId: input.userId, backupId: input.backupId, lock: "share" });
    assertUnexpired(backup);

    const digest = new DocumentDigest();
    digest.update(
      documentHead({ backupId: backup.backupId, createdAt: backup.createdAt, backupReason: backup.backupReason }),
    );
    let restored = 0;
    let total = 0;
    for await (const parts of readParts(tx, backup)) {
      for (const part of parts) {
        if (part.partIndex > 0) digest.update(PART_SEPARATOR);
        digest.update(part.content);
      }
      const conversations = parts.map((part) => parseConversation(backup, part));
      restored += await restoreConversations(tx, input.userId, conversations);
      total += parts.length;
    }
    digest.update(DOCUMENT_TAIL);
    if (digest.finish().sha256 !== backup.sha256) throw damaged(backup, "its SHA-256 does not match its content");

    return { restored, skipped: total - restored };
  });
}

function parseConversation(backup: LoadedBackup, part: BackupPart): BackupConversation {
  let json: unknown;
  try {
    json = JSON.parse(part.content);
  } catch {
    throw damaged(backup, `part ${part.partIndex} is not valid JSON`);
  }
  const result = backupConversationSchema.safeParse(json);
  if (!result.success) throw damaged(backup, `part ${part.partIndex} is not a conversation`);
  return result.data;
}

/** The 409 of a restore or an import whose ids are taken by rows that are not the user's. */
export function conflictsWithExistingData(): Error {
  // Deliberately vague: which ids, and whose rows they are, is another user's business.
  return conflict("The backup conflicts with existing data; nothing was written.");
}

/**
 * Inserts, with their ids, the conversations (and turns) that do not exist; returns how many.
 * Shared by the restore of a server-side backup and the import of a downloaded backup file
 * (lib/import). Run it inside the caller's transaction: it throws conflictsWithExistingData
 * (409, nothing to say about whose rows) when an id belongs to a row that is not this user's
 * conversation, and the caller's rollback then leaves everything as it was.
 */
export async function restoreConversations(
  tx: Transaction,
  userId: string,
  conversations: BackupConversation[],
): Promise<number> {
  if (conversations.length === 0) return 0;
  const rows = conversations.map(({ turns: _turns, ...conversation }) => conversation);
  // ON CONFLICT DO NOTHING: an existing conversation is skipped, also when a concurrent
  // restore of the same backup inserted it a moment ago. A batch link is kept only while the
  // job and item still allow it (the job may be gone, taking its items with it; the item may
  // have a new conversation): a dangling link would fail the foreign key and the whole restore.
  const inserted = await tx.query<{ id: string }>(
    `insert into public.conversations
       (id, user_id, title, topic, persona, emotion, status, metadata, batch_job_id, batch_item_id, created_at, updated_at)
     select r."id", $2, r."title", r."topic", r."persona", r."emotion", r."status", r."metadata",
            case when exists (select 1 from public.batch_jobs j where j.id = r."batchJobId" and j.user_id = $2)
                 then r."batchJobId" end,
            case when exists (select 1 from public.batch_items i
                               where i.id = r."batchItemId" and i.user_id = $2
                                 -- the item of that same batch, already finished: a file may
                                 -- pair any job with any item, and a pending item's own
                                 -- conversation is still to come
                                 and i.job_id = r."batchJobId" and i.status = 'completed')
                  and not exists (select 1 from public.conversations o where o.batch_item_id = r."batchItemId")
                 then r."batchItemId" end,
            r."createdAt", r."updatedAt"
       from jsonb_to_recordset($1::jsonb) as r(
              "id" uuid, "title" text, "topic" text, "persona" text, "emotion" text, "status" text,
              "metadata" jsonb, "batchJobId" uuid, "batchItemId" uuid, "createdAt" timestamptz, "updatedAt" timestamptz)
     on conflict (id) do nothing
     returning id`,
    [JSON.stringify(rows), userId],
  );
  const restoredIds = new Set(inserted.map((row) => String(row.id).toLowerCase()));

  // A skipped id must be this user's own conversation. Checked after the insert, not before:
  // by then a concurrent writer of the same id has committed (ON CONFLICT waited for it).
  const skippedIds = conversations.map((c) => c.id.toLowerCase()).filter((id) => !restoredIds.has(id));
  if (skippedIds.length > 0) {
    const foreign = await tx.query(
      "select 1 from public.conversations where id = any($1::uuid[]) and user_id <> $2 limit 1",
      [skippedIds, userId],
    );
    if (foreign.length > 0) throw conflictsWithExistingData();
  }
  if (inserted.length === 0) return 0;

  const turns = conversations
    .filter((conversation) => restoredIds.has(conversation.id.toLowerCase()))
    .flatMap((conversation) => conversation.turns.map((turn) => ({ ...turn, conversationId: conversation.id })));
  if (turns.length > 0) {
    // A turn id already in use (anyone's) would fail the primary key and the request with a
    // 500; it is the same conflict as a conversation id in use.
    const taken = await tx.query("select 1 from public.conversation_turns where id = any($1::uuid[]) limit 1", [
      turns.map((turn) => turn.id),
    ]);
    if (taken.length > 0) throw conflictsWithExistingData();
    await tx.query(
      `insert into public.conversation_turns (id, conversation_id, user_id, turn_index, role, content, created_at)
       select t."id", t."conversationId", $2, t."turnIndex", t."role", t."content", t."createdAt"
         from jsonb_to_recordset($1::jsonb) as t(
                "id" uuid, "conversationId" uuid, "turnIndex" int, "role" text, "content" text, "createdAt" timestamptz)`,
      [JSON.stringify(turns), userId],
    );
  }
  // A batch item whose conversation was deleted lost its link (on delete set null): give it back.
  await tx.query(
    `update public.batch_items i set conversation_id = c.id
       from public.conversations c
      where c.id = any($1::uuid[]) and c.batch_item_id = i.id and i.conversation_id is null and i.user_id = $2`,
    [[...restoredIds], userId],
  );
  return inserted.length;
}
