/**
 * The pure part of batch processing: where an item stands and how far a batch is. No
 * database, no `server-only`: the server's queries and the browser's live views share it.
 * Exactly-once does not rest on this module: the server's worker claims every item
 * atomically before generating it (lib/batch/worker).
 */
import { config } from "@/lib/config";

export type BatchItemStatus = "pending" | "running" | "completed" | "failed";

/** What the processor needs to know about an item (a row of GET /api/batches/:id `items`). */
export interface ProcessorItem {
  id: string;
  /** Missing when only a checkpoint is known: the checkpoint's lists decide then. */
  status?: BatchItemStatus;
  /** Attempts used so far (each claim uses one). */
  attempts?: number;
  /** When a running item's lease runs out (ISO string, Date or epoch ms). */
  leaseUntil?: string | Date | number | null;
}

export interface CheckpointFailure {
  itemId: string;
  /** The sanitized message of the last failure. */
  error: string;
  timestamp: string;
  /** Optional details the server adds: the error code, attempts used, whether resume retries it. */
  code?: string;
  attempts?: number;
  willRetry?: boolean;
}

/** A checkpoint as GET /api/batches/:id/checkpoint returns it (docs/http-contract.md). */
export interface BatchCheckpoint {
  id: string;
  jobId: string;
  totalItems: number;
  /** Ids of completed items. */
  completedItems: string[];
  failedItems: CheckpointFailure[];
  progressPercentage: number;
  lastCheckpointAt: string;
  createdAt: string;
  updatedAt: string;
}

/** The parts of a checkpoint the pure functions read. */
export interface CheckpointLike {
  totalItems?: number;
  completedItems: readonly string[];
  failedItems: readonly Pick<CheckpointFailure, "itemId" | "attempts" | "willRetry">[];
}

export interface BatchProgress {
  totalItems: number;
  completedItems: number;
  /** Items whose last attempt failed (whether or not a resume will retry them). */
  failedItems: number;
  /** Not completed and not failed: waiting, or being generated right now. */
  pendingItems: number;
  /** (completed + failed) / total, rounded down: 100 only when every item has an outcome. */
  progressPercentage: number;
}

export interface ItemStateOptions {
  /** Default config.batch.maxItemAttempts. */
  maxAttempts?: number;
  /** The clock for lease expiry; default Date.now(). */
  now?: number | Date;
}

/**
 * completed: done, never generated again. claimable: worth asking the server to generate
 * (pending, failed with attempts left, or running under an expired lease). leased: another
 * runner holds a live lease. exhausted: failed (or abandoned) with no attempts left.
 */
export type ItemState = "completed" | "claimable" | "leased" | "exhausted";

function toEpochMs(value: string | Date | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function hasAttemptsLeft(attempts: number | undefined, maxAttempts: number): boolean {
  // Unknown attempts: let the server decide (it answers 409 when none are left).
  return attempts === undefined || attempts < maxAttempts;
}

function effectiveStatus(item: ProcessorItem, checkpoint: CheckpointLike | null | undefined): BatchItemStatus {
  if (checkpoint?.completedItems.includes(item.id)) return "completed";
  if (item.status) return item.status;
  if (checkpoint?.failedItems.some((failure) => failure.itemId === item.id)) return "failed";
  return "pending";
}

/** Where one item stands; see ItemState. */
export function classifyItem(
  item: ProcessorItem,
  checkpoint?: CheckpointLike | null,
  options: ItemStateOptions = {},
): ItemState {
  const maxAttempts = options.maxAttempts ?? config.batch.maxItemAttempts;
  const status = effectiveStatus(item, checkpoint);
  switch (status) {
    case "completed":
      return "completed";
    case "pending":
      return "claimable";
    case "failed": {
      const failure = item.status ? undefined : checkpoint?.failedItems.find((f) => f.itemId === item.id);
      if (failure?.willRetry !== undefined) return failure.willRetry ? "claimable" : "exhausted";
      return hasAttemptsLeft(item.attempts ?? failure?.attempts, maxAttempts) ? "claimable" : "exhausted";
    }
    case "running": {
      const now = toEpochMs(options.now ?? Date.now()) ?? Date.now();
      const leaseUntil = toEpochMs(item.leaseUntil);
      if (leaseUntil !== undefined && leaseUntil > now) return "leased";
      // The runner that held it stopped renewing: claimable again while attempts remain.
      return hasAttemptsLeft(item.attempts, maxAttempts) ? "claimable" : "exhausted";
    }
  }
}

/**
 * True when the item is completed, by its own status or by the checkpoint's list.
 * @internal The seed's client-side resume check, kept with its tests; the server engine claims in SQL.
 */
export function isItemCompleted(item: ProcessorItem | string, checkpoint?: CheckpointLike | null): boolean {
  const candidate: ProcessorItem = typeof item === "string" ? { id: item } : item;
  return effectiveStatus(candidate, checkpoint) === "completed";
}

/**
 * The items worth processing: pending ones, failed ones with attempts left (a resume
 * retries them, as the resume dialog promises) and running ones whose lease expired.
 * Completed items, exhausted failures and items another runner holds are left out.
 * @internal The seed's client-side resume filter, kept with its tests; the server engine claims in SQL.
 */
export function filterPendingItems<T extends ProcessorItem>(
  items: readonly T[],
  checkpoint?: CheckpointLike | null,
  options: ItemStateOptions = {},
): T[] {
  return items.filter((item) => classifyItem(item, checkpoint, options) === "claimable");
}

function percentage(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

/** Progress from counts (all the server's checkpoint row holds). */
export function progressFromCounts(counts: { totalItems: number; completed: number; failed: number }): BatchProgress {
  const totalItems = Math.max(0, counts.totalItems);
  const completedItems = Math.max(0, counts.completed);
  const failedItems = Math.max(0, counts.failed);
  return {
    totalItems,
    completedItems,
    failedItems,
    pendingItems: Math.max(0, totalItems - completedItems - failedItems),
    progressPercentage: percentage(completedItems + failedItems, totalItems),
  };
}

/**
 * Real progress, from the items themselves or from a checkpoint. The total always comes
 * from the job (`totalItems`, or the checkpoint's own total), never from a guess.
 */
export function calculateProgress(
  source: readonly ProcessorItem[] | CheckpointLike,
  totalItems?: number,
): BatchProgress {
  if (isItemList(source)) {
    let completed = 0;
    let failed = 0;
    for (const item of source) {
      if (item.status === "completed") completed += 1;
      else if (item.status === "failed") failed += 1;
    }
    return progressFromCounts({ totalItems: totalItems ?? source.length, completed, failed });
  }
  return progressFromCounts({
    totalItems: totalItems ?? source.totalItems ?? source.completedItems.length + source.failedItems.length,
    completed: source.completedItems.length,
    failed: source.failedItems.length,
  });
}

function isItemList(source: readonly ProcessorItem[] | CheckpointLike): source is readonly ProcessorItem[] {
  return Array.isArray(source);
}
