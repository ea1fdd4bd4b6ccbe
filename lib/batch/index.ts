import "server-only";

/*
 * The batch domain's server surface: data functions scoped by user, each taking one
 * object. Browser code imports ./schemas, ./processor and ./types directly.
 */
export { createBatch, type CreateBatchArgs } from "./create-batch";
export { listBatches, getBatch, BATCH_LIST_LIMIT } from "./batch-queries";
export { updateBatchConfig } from "./update-batch";
export { discardBatch } from "./discard-batch";
export { retryFailedItems, type RetryFailedResult } from "./retry-failed-items";
export { claimItem, claimItemInTransaction, type ClaimItemInput, type ClaimedItem } from "./claim-item";
export { completeItem, type CompleteItemInput, type CompletedItem } from "./complete-item";
export { failItem, type FailItemInput, type FailedItem } from "./fail-item";
export { finalizeBatch, renewLease } from "./leases";
export { pauseBatch, resumeBatch, cancelBatch } from "./control";
export {
  saveCheckpoint,
  loadCheckpoint,
  cleanupCheckpoint,
  getIncompleteCheckpoints,
  calculateProgress,
} from "./checkpoint";
export * from "./types";
