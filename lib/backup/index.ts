import "server-only";

/*
 * The backup store: the document lives in Postgres (backup_exports + backup_export_parts),
 * since serverless hosts have no lasting disk. One module per operation; this is their surface.
 */
export { createBackup } from "./create-backup";
export { listBackups } from "./list-backups";
export { openBackupDownload } from "./backup-stream";
export { restoreBackup } from "./restore-backup";
