/**
 * The shapes the batch API answers with. Types only, browser-safe: the wizard, the resume
 * dialog and the browser runner read them; lib/batch's server modules produce them.
 */
import type { BatchConfig } from "@/lib/generation/types";
import type { BatchItemStatus, BatchProgress } from "./processor";
import type { BatchDisplayStatus, BatchJobStatus } from "./status";

export type { BatchCheckpoint, BatchItemStatus, BatchProgress } from "./processor";
export type { BatchConfig } from "@/lib/generation/types";

export type { BatchDisplayStatus, BatchJobStatus } from "./status";

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
  /** The stored status (lib/batch/status.ts). */
  status: BatchJobStatus;
  /** What to show: the stored status, or "interrupted" while no worker is alive to run it. */
  displayStatus: BatchDisplayStatus;
  config: BatchConfig;
  /** Oldest first; empty when the config was never changed. */
  configHistory: ConfigChange[];
  totalItems: number;
  createdAt: string;
  updatedAt: string;
  /** When a worker first claimed one of its items (null while queued): the ETA's clock. */
  startedAt: string | null;
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
  /** config.batch.maxItemAttempts, so a client can tell "will be retried" without its own copy. */
  maxAttempts: number;
  lastError: ItemError | null;
  /** The worker holding the item while it is running. */
  leaseOwner: string | null;
  leaseUntil: string | null;
  /**
   * Not claimed before this time (ISO): a rate-limited item waits out the provider's
   * Retry-After, a failed one its retry backoff. Null when it may run now.
   */
  notBefore: string | null;
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
  displayStatus: BatchDisplayStatus;
  totalItems: number;
  completedItems: number;
  failedItems: number;
  progress: BatchProgress;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
}

/** POST /api/batches -> 201 */
export interface CreateBatchResult {
  jobId: string;
  totalItems: number;
  status: BatchJobStatus;
}

/** A conversation made by a batch item, with its turns. */
export interface GeneratedItemConversation {
  id: string;
  title: string;
  topic: string;
  persona: string | null;
  emotion: string | null;
  createdAt: string;
  turns: { turnIndex: number; role: "user" | "assistant"; content: string }[];
}

/** One entry of GET /api/checkpoints: a batch that needs a person (what the resume dialog lists). */
export interface IncompleteBatch {
  /** Null once the batch has finished (with items failed past the retry cap). */
  checkpointId: string | null;
  jobId: string;
  name: string;
  status: BatchJobStatus;
  displayStatus: BatchDisplayStatus;
  /** paused: waits for Resume. failed_items: items failed past the retry cap wait for "Retry failed items". */
  reason: "paused" | "failed_items";
  progress: BatchProgress;
  /** Failed items the engine will still retry by itself (attempts left, retryable error). */
  retryableFailedItems: number;
  /** Failed items it will not retry: out of attempts, or failed with an error retrying cannot fix. */
  exhaustedFailedItems: number;
  config: BatchConfig;
  /** The config before the last "Modify settings" (null when never changed). */
  previousConfig: BatchConfig | null;
  configHistory: ConfigChange[];
  lastCheckpointAt: string;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/batches/:id/pause, /resume and /cancel -> 200 */
export interface BatchControlResult {
  jobId: string;
  status: BatchJobStatus;
  displayStatus: BatchDisplayStatus;
}

/**
 * GET /api/batches/:id/events (Server-Sent Events): an `event: batch` message whenever the
 * batch changed. The first message of every connection is full (every item), so a client
 * that reconnects (EventSource does it by itself) replaces its state and misses nothing;
 * later ones carry only the items that changed, merged by id. After the batch reaches a
 * final status the server sends `event: end` and closes the stream.
 */
export interface BatchEventPayload {
  job: BatchJob;
  progress: BatchProgress;
  items: BatchItem[];
  full: boolean;
}

/**
 * GET /api/batches/events (Server-Sent Events): an `event: batches` message whenever the
 * user's open batches changed (queued, running, paused or interrupted, newest first): the
 * header's live indicator. Finished batches leave the list.
 */
export interface OpenBatchesPayload {
  batches: BatchJobSummary[];
}
