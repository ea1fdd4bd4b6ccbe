import "server-only";

export { enforcePaidWorkRate } from "./paid-work";
export { allowedModels, assertBackupQuota, assertBatchQuotas, assertModelAllowed, lockUserQuotas } from "./quotas";
