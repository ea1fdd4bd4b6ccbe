import "server-only";

/*
 * The backup store: the document lives in Postgres (backup_exports + backup_export_parts),
 * since serverless hosts have no lasting disk. One module per operation; this is their surface.
 */
export { createBackup, newBackupId, DEFAULT_BACKUP_REASON } from "./create-backup";
export type { BackupWriteHooks, CreateBackupInput, CreatedBackup } from "./create-backup";
export { getBackup } from "./get-backup";
export type { BackupDetails, GetBackupInput } from "./get-backup";
export { listBackups, backupDownloadPath, BACKUP_LIST_LIMIT } from "./list-backups";
export type { BackupSummary } from "./list-backups";
export { openBackupDownload, streamBackupDocument } from "./backup-stream";
export type { BackupDownload } from "./backup-stream";
export { verifyBackup } from "./verify-backup";
export { restoreBackup } from "./restore-backup";
export type { RestoreBackupInput, RestoreResult } from "./restore-backup";
export { cleanupExpiredBackups } from "./cleanup-backups";
export type { CleanupInput, CleanupResult } from "./cleanup-backups";
export { BACKUP_FORMAT_VERSION } from "./document";
export type { BackupConversation, BackupDocument, BackupTurn } from "./document";
