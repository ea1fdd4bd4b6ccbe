import "server-only";

export { enforceExportRate, enforcePaidWorkRate } from "./paid-work";
export { assertBackupQuota, assertBatchQuotas, assertModelAllowed, lockUserQuotas } from "./quotas";
