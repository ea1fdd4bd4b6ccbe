import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import type { Database, Transaction } from "@/lib/db/types";
import { notFound } from "@/lib/errors/classes";
import { serverEnv } from "@/lib/env";
import { assertBackupQuota } from "@/lib/limits";
import { DOCUMENT_TAIL, DocumentDigest, PART_SEPARATOR, documentHead, serializeConversation } from "./document";
import { backupDownloadPath } from "./list-backups";
import { findNotOwned, readConversations, uniqueIds } from "./read-conversations";

/** Conversations read and written per round trip: bounds memory for a 1,000-conversation backup. */
const CONVERSATIONS_PER_PAGE = 50;

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_BACKUP_REASON = "manual";

/**
 * Test seam: called before each page of parts is written, inside the backup's transaction.
 * A test throws from it to prove that a failed write leaves no backup behind. Production
 * callers never pass it.
 */
export interface BackupWriteHooks {
  beforeWritePart?: (partIndex: number) => void | Promise<void>;
}

export interface CreateBackupInput {
  db?: Database;
  userId: string;
  conversationIds: readonly string[];
  reason?: string;
  /** Default: BACKUP_RETENTION_DAYS. */
  retentionDays?: number;
  hooks?: BackupWriteHooks;
}

export interface CreatedBackup {
  backupId: string;
  conversationCount: number;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  expiresAt: string;
  downloadUrl: string;
}

/** A short, unguessable id that users can read: "bkp_" + 22 base64url characters. */
export function newBackupId(): string {
  return `bkp_${randomBytes(16).toString("base64url")}`;
}

/**
 * Backs up the user's conversations with all their turns, in one repeatable-read transaction
 * (one consistent snapshot): either the whole backup is written, with the SHA-256 and size of
 * the exact document the download streams, or nothing is. An id that is not the user's is a
 * 404 for the whole request.
 */
export async function createBackup(input: CreateBackupInput): Promise<CreatedBackup> {
  const ids = uniqueIds(input.conversationIds);
  const db = input.db ?? (await getDb());
  const retentionDays = input.retentionDays ?? serverEnv().BACKUP_RETENTION_DAYS;
  const reason = input.reason ?? DEFAULT_BACKUP_REASON;

  return db.transaction((tx) => writeBackup(tx, { ...input, ids, reason, retentionDays }), {
    isolationLevel: "repeatable read",
  });
}

async function writeBackup(
  tx: Transaction,
  input: { userId: string; ids: string[]; reason: string; retentionDays: number; hooks?: BackupWriteHooks },
): Promise<CreatedBackup> {
  const { userId, ids } = input;
  const missing = await findNotOwned(tx, userId, ids);
  if (missing.length > 0) throw notFound("Conversation", { missing: missing.length });
  await assertBackupQuota(tx, { userId, phase: "before" });

  const backupId = newBackupId();
  // Millisecond precision, so the stored created_at gives back this very string for the header.
  const createdAt = new Date();
  const expiresAt = new Date(createdAt.getTime() + input.retentionDays * DAY_MS);
  const [row] = await tx.query<{ id: string }>(
    // size and hash are filled in below, once the parts are written (same transaction).
    `insert into public.backup_exports
       (backup_id, user_id, conversation_ids, conversation_count, backup_reason, size_bytes, sha256, created_at, expires_at)
     values ($1, $2, $3::uuid[], $4, $5, 0, repeat('0', 64), $6, $7)
     returning id`,
    [backupId, userId, ids, ids.length, input.reason, createdAt, expiresAt],
  );
  if (!row) throw new Error("insert into backup_exports returned no row");

  const digest = new DocumentDigest();
  digest.update(documentHead({ backupId, createdAt: createdAt.toISOString(), backupReason: input.reason }));
  let partIndex = 0;
  for (let start = 0; start < ids.length; start += CONVERSATIONS_PER_PAGE) {
    const page = ids.slice(start, start + CONVERSATIONS_PER_PAGE);
    const conversations = await readConversations(tx, userId, page);
    const indexes: number[] = [];
    const conversationIds: string[] = [];
    const contents: string[] = [];
    for (const conversation of conversations) {
      const content = serializeConversation(conversation);
      if (partIndex > 0) digest.update(PART_SEPARATOR);
      digest.update(content);
      indexes.push(partIndex);
      conversationIds.push(conversation.id);
      contents.push(content);
      partIndex += 1;
    }
    await input.hooks?.beforeWritePart?.(indexes[0] ?? partIndex);
    await tx.query(
      `insert into public.backup_export_parts (backup_export_id, user_id, part_index, conversation_id, content)
       select $1, $2, p.part_index, p.conversation_id, p.content
         from unnest($3::int[], $4::uuid[], $5::text[]) as p(part_index, conversation_id, content)`,
      [row.id, userId, indexes, conversationIds, contents],
    );
  }
  digest.update(DOCUMENT_TAIL);
  const { sha256, sizeBytes } = digest.finish();

  await tx.query(`update public.backup_exports set sha256 = $2, size_bytes = $3 where id = $1`, [
    row.id,
    sha256,
    sizeBytes,
  ]);
  // Over the size quota with this one: nothing of it is kept (the transaction rolls back).
  await assertBackupQuota(tx, { userId, phase: "after" });

  return {
    backupId,
    conversationCount: partIndex,
    sizeBytes,
    sha256,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    downloadUrl: backupDownloadPath(backupId),
  };
}
