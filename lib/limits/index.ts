import "server-only";

export { enforceExportRate, enforcePaidWorkRate } from "./paid-work";
export { allowedModels, assertBackupQuota, assertBatchQuotas, assertModelAllowed, lockUserQuotas } from "./quotas";
