/**
 * The browser runner's loop, apart from React: passes of resumeBatchProcessing over the
 * batch's items until nothing is left that this tab can do. Exactly-once lives on the
 * server (every generate call claims its item atomically); this loop only decides what is
 * worth asking for and keeps the numbers it shows equal to the server's.
 */
import type { APIClient } from "@/lib/api";
import { sleep } from "@/lib/api";
import { classifyItem, filterPendingItems, resumeBatchProcessing } from "@/lib/batch/processor";
import type { BatchDetails, BatchItem, BatchJobStatus } from "@/lib/batch/types";
import { APIError, AppError, ErrorCode, toAppError } from "@/lib/errors";
import { fetchBatch, generateItem } from "./batch-api";

export interface RunBatchDeps {
  client: APIClient;
  jobId: string;
  runnerId: string;
  concurrency: number;
  /** Longest wait between looks at items another runner holds. */
  leaseWaitMs: number;
}

export type RunEvent =
  | { type: "details"; details: BatchDetails }
  | { type: "item"; item: BatchItem }
  | { type: "item-started" }
  | { type: "item-settled"; outcome: "completed" | "failed" | "skipped" | "cancelled" }
  | { type: "waiting"; leasedItems: number }
  | { type: "error"; error: AppError; subject: string; retryInMs?: number };

export interface RunBatchResult {
  details: BatchDetails;
  /** Why the loop ended. */
  reason: "finished" | "cancelled" | "stalled";
  /** The last failure, when passes kept failing without completing anything. */
  error?: AppError;
}

const FINISHED_STATUSES = new Set<BatchJobStatus>(["completed", "completed_with_errors", "cancelled", "failed"]);

/** Passes in a row that complete nothing before the runner gives up and says why. */
const MAX_FRUITLESS_PASSES = 2;

export function isFinishedStatus(status: BatchJobStatus): boolean {
  return FINISHED_STATUSES.has(status);
}

/**
 * 409 because another runner has the item: it holds a live lease ("leased"), or took the
 * item over after this runner's lease lapsed ("lost_lease"). Not "out_of_attempts".
 */
export function isLeasedElsewhere(error: unknown): boolean {
  const appError = toAppError(error);
  if (!(appError instanceof APIError) || appError.status !== 409) return false;
  const reason = appError.details?.reason;
  if (typeof reason === "string") return reason === "leased" || reason === "lost_lease";
  // A 409 without a reason (e.g. "already finished"): nothing for this runner to do with the item.
  return true;
}

/** 410: the batch was discarded (in another tab) while this one was running it. */
function isDiscarded(error: unknown): boolean {
  const appError = toAppError(error);
  return appError instanceof APIError && appError.status === 410;
}

function isAborted(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || toAppError(error).code === ErrorCode.NET_ABORTED;
}

/** An answer from the server means it recorded the failed attempt; a network error may not have. */
function serverRecordedFailure(error: unknown): boolean {
  const appError = toAppError(error);
  return appError instanceof APIError && appError.status !== 404 && appError.status !== 409 && appError.status < 600;
}

function noProgressError(jobId: string): AppError {
  return new AppError(ErrorCode.CONFLICT, "The server handed out none of the remaining items", {
    context: { jobId },
    userMessage: "The remaining items could not be started: the server did not hand any of them out. Reload the page and try again.",
  });
}

function topicLabel(item: BatchItem): string {
  const topic = item.topic.length > 60 ? `${item.topic.slice(0, 60)}…` : item.topic;
  return `Item ${item.index + 1}: ${topic}`;
}

function maxAttemptsOf(details: BatchDetails): number | undefined {
  return details.items[0]?.maxAttempts;
}

/** How long until the earliest live lease runs out (plus a beat), capped. */
function leaseWait(items: readonly BatchItem[], capMs: number, now: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const until = item.leaseUntil ? Date.parse(item.leaseUntil) : Number.NaN;
    if (!Number.isNaN(until)) earliest = Math.min(earliest, until);
  }
  if (!Number.isFinite(earliest)) return capMs;
  return Math.min(capMs, Math.max(250, earliest - now + 250));
}

export async function runBatch(deps: RunBatchDeps, signal: AbortSignal, emit: (event: RunEvent) => void): Promise<RunBatchResult> {
  // Stops the pass early when the batch turns out to be discarded; follows the caller's signal.
  const passControl = new AbortController();
  const stopPass = () => passControl.abort();
  signal.addEventListener("abort", stopPass, { once: true });
  try {
    return await runPasses(deps, signal, passControl, emit);
  } finally {
    signal.removeEventListener("abort", stopPass);
  }
}

async function runPasses(
  deps: RunBatchDeps,
  signal: AbortSignal,
  passControl: AbortController,
  emit: (event: RunEvent) => void,
): Promise<RunBatchResult> {
  const { client, jobId, runnerId, concurrency } = deps;
  let details = await fetchBatch(client, jobId, signal);
  emit({ type: "details", details });
  let fruitlessPasses = 0;
  let lastError: AppError | undefined;

  // Re-read the truth after a pass, even when paused: in-flight items may have finished.
  const reload = async () => {
    details = await fetchBatch(client, jobId, signal.aborted ? undefined : signal);
    emit({ type: "details", details });
  };

  while (!signal.aborted) {
    if (isFinishedStatus(details.job.status)) return { details, reason: "finished" };
    const maxAttempts = maxAttemptsOf(details);
    const claimable = filterPendingItems(details.items, null, { maxAttempts });
    if (claimable.length === 0) {
      const leased = details.items.filter((item) => classifyItem(item, null, { maxAttempts }) === "leased");
      if (leased.length === 0) return { details, reason: "finished" };
      // Another tab or process is generating these; wait for it to finish or for its lease to lapse.
      emit({ type: "waiting", leasedItems: leased.length });
      try {
        await sleep(leaseWait(leased, deps.leaseWaitMs, Date.now()), signal);
      } catch {
        break;
      }
      await reload();
      continue;
    }

    const itemsById = new Map(details.items.map((item) => [item.id, item]));
    const result = await resumeBatchProcessing({
      jobId,
      items: details.items,
      concurrency,
      signal: passControl.signal,
      maxAttempts,
      processItem: async (item) => {
        const current = itemsById.get(item.id) ?? item;
        const attemptsLeft = Math.max(1, current.maxAttempts - current.attempts);
        emit({ type: "item-started" });
        try {
          const answer = await generateItem(client, jobId, current, {
            runnerId,
            signal,
            // Each retry is one more server-side attempt; never ask for more than are left.
            retries: attemptsLeft - 1,
            onRetry: (info) => emit({ type: "error", error: info.error, subject: topicLabel(current), retryInMs: info.delayMs }),
          });
          emit({ type: "item", item: answer.item });
          return "completed";
        } catch (error) {
          if (isAborted(error, signal)) throw error;
          if (isLeasedElsewhere(error)) return "skipped";
          if (isDiscarded(error)) {
            passControl.abort();
            return "skipped";
          }
          const appError = toAppError(error);
          lastError = appError;
          emit({ type: "error", error: appError, subject: topicLabel(current) });
          if (serverRecordedFailure(appError)) {
            emit({ type: "item", item: { ...current, status: "failed", attempts: current.attempts + 1 } });
          }
          throw appError;
        }
      },
      onProgress: (progress) => {
        emit({ type: "item-settled", outcome: progress.outcome });
      },
    });

    await reload();
    if (isFinishedStatus(details.job.status)) return { details, reason: "finished" };
    if (result.cancelled || signal.aborted) return { details, reason: "cancelled" };
    // A pass that finished nothing counts against the runner, skipped items included: a server
    // that keeps refusing items it lists as pending must not be asked forever.
    fruitlessPasses = result.completed.length === 0 ? fruitlessPasses + 1 : 0;
    if (fruitlessPasses >= MAX_FRUITLESS_PASSES) {
      return { details, reason: "stalled", error: lastError ?? noProgressError(jobId) };
    }
  }
  return { details, reason: "cancelled" };
}
