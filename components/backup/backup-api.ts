/**
 * The browser's calls to the backup and bulk-delete routes (docs/http-contract.md, "Routes": conversations and
 * backups"). Each takes the APIClient to use, so components and tests pass theirs; the app
 * passes the shared `apiClient`. Every failure arrives as a typed AppError.
 */
import type { APIClient } from "@/lib/api";

/** What POST /api/backup/create answers (201). */
export interface CreatedBackup {
  backupId: string;
  conversationCount: number;
  sizeBytes: number;
  expiresAt: string;
  downloadUrl: string;
}

export interface RestoreResult {
  restored: number;
  skipped: number;
}

export interface BulkDeleteResult {
  deleted: number;
}

/** Why a backup is made, as stored on the backup row. */
export const PRE_DELETE_REASON = "bulk_delete";

export function backupDownloadUrl(backupId: string): string {
  return `/api/backup/download/${encodeURIComponent(backupId)}`;
}

export function createBackup(
  client: APIClient,
  conversationIds: readonly string[],
  { reason = PRE_DELETE_REASON, signal }: { reason?: string; signal?: AbortSignal } = {},
): Promise<CreatedBackup> {
  // Not retried: a lost answer would leave a second, orphan backup behind.
  return client.post<CreatedBackup>("/api/backup/create", { conversationIds, reason }, { retry: false, signal });
}

export type BulkDeleteAuthorisation = { backupId: string } | { confirmWithoutBackup: true };

export function bulkDeleteConversations(
  client: APIClient,
  ids: readonly string[],
  authorisation: BulkDeleteAuthorisation,
): Promise<BulkDeleteResult> {
  // Never repeated behind the user's back: a delete happens once, when they say so.
  return client.post<BulkDeleteResult>("/api/conversations/bulk-delete", { ids, ...authorisation }, { retry: false });
}

export function restoreBackup(client: APIClient, backupId: string): Promise<RestoreResult> {
  // Restore is idempotent on the server (it re-inserts only what is missing), so a retry is safe.
  return client.post<RestoreResult>(`/api/backup/${encodeURIComponent(backupId)}/restore`, undefined, {
    idempotent: true,
  });
}
