import "server-only";

/*
 * The batch domain's server surface: data functions scoped by user, each taking one
 * object. Browser code imports ./schemas, ./processor and ./types directly.
 */
export { createBatch } from "./create-batch";
export { listBatches, getBatch } from "./batch-queries";
export { updateBatchConfig } from "./update-batch";
export { discardBatch } from "./discard-batch";
export { retryFailedItems } from "./retry-failed-items";
export {
  /** @internal */
  claimItem,
  /** @internal */
  type ClaimedItem,
} from "./claim-item";
export { loadCheckpoint, getIncompleteCheckpoints } from "./checkpoint";
export * from "./types";
