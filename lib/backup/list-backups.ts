import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";

export interface BackupSummary {
  id: string;
  /** The id users see and download by. */
  backupId: string;
  conversationCount: number;
  sizeBytes: number;
  backupReason: string;
  createdAt: string;
  expiresAt: string;
}

interface BackupRow extends Record<string, unknown> {
  id: string;
  backup_id: string;
  conversation_count: number | string;
  size_bytes: number | string;
  backup_reason: string;
  created_at: Date | string;
  expires_at: Date | string;
}

/** Where a backup is downloaded from (GET /api/backup/download/:backupId). */
export function backupDownloadPath(backupId: string): string {
  return `/api/backup/download/${encodeURIComponent(backupId)}`;
}

/** Large enough for a week of bulk deletes; the page says when it is showing only the newest. */
export const BACKUP_LIST_LIMIT = 100;

/**
 * The user's unexpired backups, newest first. Expired rows are hidden even before the daily
 * clean-up removes them: they can no longer be downloaded or restored.
 */
export async function listBackups({
  db,
  userId,
  limit = BACKUP_LIST_LIMIT,
}: {
  db?: Queryable;
  userId: string;
  limit?: number;
}): Promise<BackupSummary[]> {
  const queryable = db ?? (await getDb());
  const rows = await queryable.query<BackupRow>(
    `select id, backup_id, conversation_count, size_bytes, backup_reason, created_at, expires_at
       from public.backup_exports
      where user_id = $1 and expires_at > now()
      order by created_at desc, id desc
      limit $2`,
    [userId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    backupId: row.backup_id,
    conversationCount: Number(row.conversation_count),
    sizeBytes: Number(row.size_bytes),
    backupReason: row.backup_reason,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
  }));
}
