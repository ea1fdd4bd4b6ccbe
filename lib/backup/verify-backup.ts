import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { damaged, readParts } from "./backup-stream";
import { DOCUMENT_TAIL, DocumentDigest, PART_SEPARATOR, documentHead } from "./document";
import { assertUnexpired, loadBackup, type GetBackupInput, type LoadedBackup } from "./get-backup";

export interface VerifyBackupInput extends GetBackupInput {
  /** Inside a transaction: hold the backup row until it ends, so the clean-up cannot remove it meanwhile. */
  lockRow?: boolean;
}

/**
 * Reads the user's backup back and recomputes its size, SHA-256 and conversation count from
 * the stored parts; any mismatch (or a part missing) is a 409 that blocks whatever relied on
 * it. 404 unknown or another user's, 410 expired. Returns the verified backup.
 */
export async function verifyBackup(input: VerifyBackupInput): Promise<LoadedBackup> {
  const db = input.db ?? (await getDb());
  const backup = await loadBackup({ ...input, db, lock: input.lockRow ? "share" : undefined });
  assertUnexpired(backup);
  await assertIntact(db, backup);
  return backup;
}

async function assertIntact(db: Queryable, backup: LoadedBackup): Promise<void> {
  // One pass over the parts: the same bytes the download streams, hashed, and the
  // conversations they hold checked against the ones the row says it covers.
  const digest = new DocumentDigest();
  digest.update(
    documentHead({ backupId: backup.backupId, createdAt: backup.createdAt, backupReason: backup.backupReason }),
  );
  const covered = new Set(backup.conversationIds);
  for await (const page of readParts(db, backup)) {
    for (const part of page) {
      if (part.partIndex > 0) digest.update(PART_SEPARATOR);
      digest.update(part.content);
      if (part.conversationId === null || !covered.delete(part.conversationId.toLowerCase())) {
        throw damaged(backup, `part ${part.partIndex} is not one of its conversations`);
      }
    }
  }
  digest.update(DOCUMENT_TAIL);
  const { sha256, sizeBytes } = digest.finish();
  if (sha256 !== backup.sha256) throw damaged(backup, "its SHA-256 does not match its content");
  if (sizeBytes !== backup.sizeBytes) throw damaged(backup, "its size does not match its content");

  const [extra] = await db.query<{ n: number }>(
    `select count(*)::int as n from public.backup_export_parts where backup_export_id = $1 and part_index >= $2`,
    [backup.exportId, backup.conversationCount],
  );
  if (covered.size > 0 || Number(extra?.n ?? 0) > 0) {
    throw damaged(backup, "its conversation count does not match its content");
  }
}
