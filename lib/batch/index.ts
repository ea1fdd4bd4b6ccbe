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
export { claimItem, type ClaimItemInput, type ClaimedItem } from "./claim-item";
export { completeItem, type CompleteItemInput, type CompletedItem } from "./complete-item";
export { failItem, type FailItemInput, type FailedItem } from "./fail-item";
export { finalizeBatch, renewLease } from "./leases";
export { heartbeat, releaseRunner } from "./runners";
export { generateItemOnce, type GenerateItemOnceInput } from "./generate-item";
export { runBatch, type RunBatchOptions, type RunBatchSummary } from "./run-batch";
export {
  saveCheckpoint,
  loadCheckpoint,
  cleanupCheckpoint,
  getIncompleteCheckpoints,
  calculateProgress,
} from "./checkpoint";
export { readRunnerId, readOptionalRunnerId } from "./runner-id";
export * from "./types";
