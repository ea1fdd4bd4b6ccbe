import "server-only";

/*
 * The backup store: the document lives in Postgres (backup_exports + backup_export_parts),
 * since serverless hosts have no lasting disk. One module per operation; this is their surface.
 */
export { createBackup } from "./create-backup";
export { getBackup } from "./get-backup";
export { listBackups } from "./list-backups";
export { openBackupDownload, streamBackupDocument } from "./backup-stream";
export { verifyBackup } from "./verify-backup";
export { restoreBackup } from "./restore-backup";
export { cleanupExpiredBackups } from "./cleanup-backups";
export type { BackupDocument } from "./document";
