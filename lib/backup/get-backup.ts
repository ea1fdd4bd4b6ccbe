import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { gone, notFound } from "@/lib/errors/classes";
import { backupDownloadPath, type BackupSummary } from "./list-backups";

/** A backup row with what a delete, a download or a restore needs to check it. */
export interface BackupDetails extends BackupSummary {
  conversationIds: string[];
  sha256: string;
  downloadUrl: string;
}

/** The row as loaded, plus the uuid the parts hang off. */
export interface LoadedBackup extends BackupDetails {
  /** backup_exports.id: the parts' foreign key. */
  exportId: string;
  expired: boolean;
}

interface BackupDetailsRow extends Record<string, unknown> {
  id: string;
  backup_id: string;
  conversation_ids: string[];
  conversation_count: number | string;
  size_bytes: number | string;
  sha256: string;
  backup_reason: string;
  created_at: Date | string;
  expires_at: Date | string;
  expired: boolean;
}

export interface GetBackupInput {
  db?: Queryable;
  userId: string;
  backupId: string;
}

/**
 * Loads one of the user's backups, expired or not; another user's backup is "not found"
 * (never revealed). `lock: "share"` holds the row until the caller's transaction ends, so the
 * retention clean-up cannot remove a backup a delete or a restore is relying on.
 */
export async function loadBackup(input: GetBackupInput & { lock?: "share" }): Promise<LoadedBackup> {
  const db = input.db ?? (await getDb());
  const [row] = await db.query<BackupDetailsRow>(
    `select id, backup_id, conversation_ids, conversation_count, size_bytes, sha256, backup_reason,
            created_at, expires_at, expires_at <= now() as expired
       from public.backup_exports
      where backup_id = $1 and user_id = $2
      ${input.lock === "share" ? "for share" : ""}`,
    [input.backupId, input.userId],
  );
  if (!row) throw notFound("Backup", { backupId: input.backupId });
  return {
    exportId: row.id,
    id: row.id,
    backupId: row.backup_id,
    conversationIds: row.conversation_ids.map((id) => String(id).toLowerCase()),
    conversationCount: Number(row.conversation_count),
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    backupReason: row.backup_reason,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    downloadUrl: backupDownloadPath(row.backup_id),
    expired: row.expired === true,
  };
}

/** Throws 410 when the retention period of the backup is over. */
export function assertUnexpired(backup: LoadedBackup): void {
  if (backup.expired) {
    throw gone(`Backup ${backup.backupId} expired on ${backup.expiresAt} and can no longer be used.`, {
      backupId: backup.backupId,
    });
  }
}

/**
 * One of the user's unexpired backups: 404 when unknown or not theirs, 410 once expired.
 * @internal For tests; the routes go through openBackupDownload and restoreBackup, which check the same.
 */
export async function getBackup(input: GetBackupInput): Promise<BackupDetails> {
  const backup = await loadBackup(input);
  assertUnexpired(backup);
  const { exportId: _exportId, expired: _expired, ...details } = backup;
  return details;
}
