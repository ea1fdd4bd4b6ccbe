/**
 * The shapes the batch API answers with. Types only, browser-safe: the wizard, the resume
 * dialog and the browser runner read them; lib/batch's server modules produce them.
 */
import type { BatchConfig } from "@/lib/generation/types";
import type { BatchItemStatus, BatchProgress } from "./processor";

export type { BatchCheckpoint, BatchItemStatus, BatchProgress, CheckpointFailure } from "./processor";
export type { BatchConfig } from "@/lib/generation/types";

export type BatchJobStatus =
  | "pending"
  | "running"
  | "paused"
  | "completed"
  | "completed_with_errors"
  | "cancelled"
  | "failed";

/** The classified, sanitized error of an item's last failed attempt (batch_items.last_error). */
export interface ItemError {
  code: string;
  /** A sentence for the user, built from the code: never provider or database text. */
  message: string;
  retryable: boolean;
  /** Seconds the provider asked to wait (rate limits). */
  retryAfter?: number;
  /** When the attempt failed (ISO). */
  at: string;
  /** Finds the full error in the server log. */
  errorId?: string;
}

/** One earlier config of a job, replaced by "Modify settings". */
export interface ConfigChange {
  config: BatchConfig;
  /** When it was replaced (ISO). */
  replacedAt: string;
  /** How many items had been completed (with this or an earlier config) at that moment. */
  completedItems: number;
}

export interface BatchJob {
  id: string;
  name: string;
  status: BatchJobStatus;
  config: BatchConfig;
  /** Oldest first; empty when the config was never changed. */
  configHistory: ConfigChange[];
  totalItems: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface BatchItem {
  id: string;
  /** 0-based position in the batch. */
  index: number;
  topic: string;
  parameters: Record<string, unknown>;
  status: BatchItemStatus;
  attempts: number;
  /** MAX_ITEM_ATTEMPTS, so a client can tell "will be retried" without its own copy. */
  maxAttempts: number;
  lastError: ItemError | null;
  /** The runner id holding the item while it is running. */
  leaseOwner: string | null;
  leaseUntil: string | null;
  conversationId: string | null;
  completedAt: string | null;
  updatedAt: string;
}

/** GET /api/batches/:id */
export interface BatchDetails {
  job: BatchJob;
  progress: BatchProgress;
  items: BatchItem[];
}

/** A row of GET /api/batches (and of the /batches page). */
export interface BatchJobSummary {
  id: string;
  name: string;
  status: BatchJobStatus;
  totalItems: number;
  completedItems: number;
  failedItems: number;
  progress: BatchProgress;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/batches -> 201 */
export interface CreateBatchResult {
  jobId: string;
  totalItems: number;
  status: BatchJobStatus;
}

/** A conversation made by a batch item, with its turns (POST .../generate). */
export interface GeneratedItemConversation {
  id: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  createdAt: string;
  turns: { turnIndex: number; role: "user" | "assistant"; content: string }[];
}

/** POST /api/batches/:id/items/:itemId/generate -> 200 */
export interface GenerateItemResult {
  item: BatchItem;
  /** Null only when the user has deleted the conversation of an already completed item. */
  conversation: GeneratedItemConversation | null;
  /** True when the item had been completed before: nothing was generated this time. */
  alreadyCompleted: boolean;
}

/** One entry of GET /api/checkpoints: what the resume dialog lists. */
export interface IncompleteBatch {
  checkpointId: string;
  jobId: string;
  name: string;
  status: BatchJobStatus;
  progress: BatchProgress;
  /** Failed items with attempts left: a resume retries them. */
  retryableFailedItems: number;
  /** Failed items out of attempts: a resume leaves them failed. */
  exhaustedFailedItems: number;
  /** Another runner (tab or process) sent a heartbeat or holds a lease that is still live. */
  runningElsewhere: boolean;
  config: BatchConfig;
  /** The config before the last "Modify settings" (null when never changed). */
  previousConfig: BatchConfig | null;
  configHistory: ConfigChange[];
  lastCheckpointAt: string;
  createdAt: string;
  updatedAt: string;
}

