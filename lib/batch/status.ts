/**
 * One home for batch statuses: the values stored in batch_jobs.status, the status users see,
 * and the sets the code asks about. Zod-free and browser-safe, so the badge, the server
 * queries and the worker all read the same lists.
 */

/** What batch_jobs.status holds. `pending` is shown as "Queued". */
export type BatchJobStatus =
  "pending" | "running" | "paused" | "completed" | "completed_with_errors" | "cancelled" | "failed";

/**
 * What a user sees. `interrupted` is not stored: it is a queued or running batch while no
 * worker is alive (the server crashed or was redeployed), shown until one picks it up again.
 */
export type BatchDisplayStatus =
  "queued" | "running" | "paused" | "interrupted" | "completed" | "completed_with_failures" | "cancelled" | "failed";

/** Jobs the engine works on: their items are claimed by any worker. */
export const RUNNABLE_JOB_STATUSES = ["pending", "running"] as const satisfies readonly BatchJobStatus[];

/** Jobs that are not finished: they keep a checkpoint row and can be paused, resumed or cancelled. */
export const OPEN_JOB_STATUSES = ["pending", "running", "paused"] as const satisfies readonly BatchJobStatus[];

/** Jobs whose outcome is final (a retry of failed items reopens a completed one). */
export const FINISHED_JOB_STATUSES = [
  "completed",
  "completed_with_errors",
] as const satisfies readonly BatchJobStatus[];

export const TERMINAL_JOB_STATUSES = [
  "completed",
  "completed_with_errors",
  "cancelled",
  "failed",
] as const satisfies readonly BatchJobStatus[];

export function isOpenJobStatus(status: BatchJobStatus): boolean {
  return (OPEN_JOB_STATUSES as readonly string[]).includes(status);
}

export function isRunnableJobStatus(status: BatchJobStatus): boolean {
  return (RUNNABLE_JOB_STATUSES as readonly string[]).includes(status);
}

export function isTerminalJobStatus(status: BatchJobStatus): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/** The status to show, given whether any worker is alive to run the job now. */
export function toDisplayStatus(status: BatchJobStatus, options: { workerAlive: boolean }): BatchDisplayStatus {
  switch (status) {
    case "pending":
      return options.workerAlive ? "queued" : "interrupted";
    case "running":
      return options.workerAlive ? "running" : "interrupted";
    case "completed_with_errors":
      return "completed_with_failures";
    default:
      return status;
  }
}

export const DISPLAY_STATUS_LABELS: Record<BatchDisplayStatus, string> = {
  queued: "Queued",
  running: "Running",
  paused: "Paused",
  interrupted: "Interrupted",
  completed: "Completed",
  completed_with_failures: "Completed with failures",
  cancelled: "Cancelled",
  failed: "Failed",
};

/** Display statuses of batches still in motion (the header's "running" indicator counts them). */
export const ACTIVE_DISPLAY_STATUSES = [
  "queued",
  "running",
  "interrupted",
] as const satisfies readonly BatchDisplayStatus[];

export function isActiveDisplayStatus(status: BatchDisplayStatus): boolean {
  return (ACTIVE_DISPLAY_STATUSES as readonly string[]).includes(status);
}
