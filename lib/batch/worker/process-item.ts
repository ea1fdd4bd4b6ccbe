import "server-only";
import type { Database } from "@/lib/db/types";
import { APIError, ErrorCode, GenerationError, errorLogger, isAppError, isRetryable, toAppError } from "@/lib/errors";
import { getGenerator } from "@/lib/generation";
import { validateGeneratedConversation } from "@/lib/generation/schemas";
import type { BatchConfig, ConversationGenerator } from "@/lib/generation/types";
import type { ClaimedItem } from "../claim-item";
import { completeItem } from "../complete-item";
import { failItem, toItemError } from "../fail-item";
import { renewLease } from "../leases";
import { parkRateLimitedItem, releaseItem } from "../park-item";

export interface ProcessItemOptions {
  db: Database;
  workerId: string;
  leaseMs: number;
  maxAttempts: number;
  /** Wait before the engine retries a retryable failure, by attempt number (1-based; then the last). */
  retryDelaysMs: readonly number[];
  defaultRetryAfterMs: number;
  maxRetryAfterMs: number;
  /** Default: getGenerator() for the job's config. Tests pass a scripted one. */
  generatorFor?: (config: BatchConfig) => ConversationGenerator;
  /** Aborted when the worker shuts down past its grace period: the item is handed back, not failed. */
  shutdown: AbortSignal;
}

/** What became of one claimed item. */
export type ItemOutcome = "completed" | "failed" | "parked" | "released" | "lost";

/** Shutdown aborts carry this reason, so an interrupted call is told apart from a provider timeout. */
export const SHUTDOWN_REASON = "worker-shutdown";

/** The provider's own wait (Retry-After, retry-after-ms), in whole ms: the park query casts it to an integer. */
function retryAfterMsOf(error: unknown): number | undefined {
  const seconds = error instanceof GenerationError || error instanceof APIError ? error.retryAfter : undefined;
  return seconds === undefined ? undefined : Math.ceil(seconds * 1000);
}

/** A 429 the provider wants retried: parked without spending an attempt. `x-should-retry: false` makes it a plain failure. */
function isParkableRateLimit(error: unknown): boolean {
  const rateLimited =
    isAppError(error) && (error.code === ErrorCode.GEN_RATE_LIMIT || error.code === ErrorCode.API_RATE_LIMIT);
  return rateLimited && isRetryable(error);
}

/** The lost lease (409) and the discarded batch (410): the outcome belongs to someone else now. */
function isLostOwnership(error: unknown): boolean {
  return isAppError(error) && (error.code === ErrorCode.CONFLICT || error.code === ErrorCode.GONE);
}

/**
 * Keeps the claim's lease alive while the provider works (every third of the lease). A
 * renewal that finds the lease gone (taken over, batch cancelled) aborts the call: this
 * attempt must save nothing.
 */
function keepLeaseAlive(options: ProcessItemOptions, claim: ClaimedItem, controller: AbortController) {
  let lost = false;
  let lastRenewed = Date.now();
  let renewing: Promise<void> = Promise.resolve();
  const giveUp = () => {
    lost = true;
    controller.abort();
  };
  const renew = async () => {
    try {
      const alive = await renewLease({
        db: options.db,
        userId: claim.userId,
        jobId: claim.jobId,
        itemId: claim.item.id,
        workerId: options.workerId,
        attempt: claim.attempt,
        leaseMs: options.leaseMs,
      });
      if (alive) lastRenewed = Date.now();
      else giveUp();
    } catch {
      // A passing database error: the lease still has time left and the next tick retries.
      // But once it may have run out (a sixth of it kept as margin), another worker may
      // claim the item: stop this call rather than run two for one item.
      if (Date.now() - lastRenewed > options.leaseMs - options.leaseMs / 6) giveUp();
    }
  };
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew);
    },
    Math.max(50, Math.floor(options.leaseMs / 3)),
  );
  return {
    lost: () => lost,
    stop: async () => {
      clearInterval(timer);
      await renewing;
    },
  };
}

/**
 * Generates one claimed item and saves its outcome: the conversation with its turns and
 * the counters in completeItem's one transaction; a 429 parks the item until Retry-After
 * and blocks the deployment's budget as long; any other failure is recorded with a backoff
 * before the next attempt (failItem). The provider is called outside any transaction.
 * Never throws: a failure to save leaves the item leased, and its lease running out hands
 * it to the next attempt, so nothing is ever saved twice or lost.
 */
export async function processClaimedItem(options: ProcessItemOptions, claim: ClaimedItem): Promise<ItemOutcome> {
  const controller = new AbortController();
  const onShutdown = () => controller.abort(SHUTDOWN_REASON);
  options.shutdown.addEventListener("abort", onShutdown, { once: true });
  const lease = keepLeaseAlive(options, claim, controller);
  const common = {
    db: options.db,
    userId: claim.userId,
    jobId: claim.jobId,
    itemId: claim.item.id,
    workerId: options.workerId,
    attempt: claim.attempt,
    maxAttempts: options.maxAttempts,
  };

  let generator: ConversationGenerator | undefined;
  let outcome: { conversation: ReturnType<typeof validateGeneratedConversation> } | { error: unknown };
  try {
    // Chosen per claim: a provider that cannot be used (no key) is this attempt's failure.
    generator = options.generatorFor ? options.generatorFor(claim.config) : getGenerator({ config: claim.config });
    const raw = await generator.generateConversation(
      { topic: claim.item.topic, parameters: claim.item.parameters },
      claim.config,
      controller.signal,
    );
    outcome = { conversation: validateGeneratedConversation(raw, { provider: generator.name }) };
  } catch (error) {
    outcome = { error };
  } finally {
    options.shutdown.removeEventListener("abort", onShutdown);
    await lease.stop();
  }

  try {
    if (lease.lost()) {
      // Cancelled meanwhile, or the lease lapsed: hand the item back if it is still ours
      // (fenced by owner and attempt), so nothing stays "running" under a dead lease.
      await releaseItem({ ...common });
      return "lost";
    }
    // Interrupted by shutdown: not the item's failure. The worker hands it back.
    if ("error" in outcome && controller.signal.reason === SHUTDOWN_REASON) return "released";
    if ("conversation" in outcome) {
      await completeItem({
        ...common,
        conversation: outcome.conversation,
        provider: generator?.name,
        config: claim.config,
      });
      return "completed";
    }
    const error = toAppError(outcome.error);
    if (isParkableRateLimit(error)) {
      const retryAfterMs = Math.min(options.maxRetryAfterMs, retryAfterMsOf(error) ?? options.defaultRetryAfterMs);
      errorLogger.info(error, { jobId: claim.jobId, itemId: claim.item.id, retryAfterMs, errorId: error.errorId });
      const parked = await parkRateLimitedItem({ ...common, itemError: toItemError(error), retryAfterMs });
      return parked ? "parked" : "lost";
    }
    const delays = options.retryDelaysMs;
    const backoffMs = delays.length === 0 ? 0 : (delays[Math.min(claim.attempt, delays.length) - 1] ?? 0);
    // An overloaded provider (503, 529) may say how long to stay away: never retry sooner.
    const providerWaitMs = Math.min(options.maxRetryAfterMs, retryAfterMsOf(error) ?? 0);
    await failItem({ ...common, error, retryDelayMs: Math.max(backoffMs, providerWaitMs) });
    return "failed";
  } catch (error) {
    if (isLostOwnership(error)) return "lost";
    // The save itself failed (database away): the lease runs out and the item is retried.
    errorLogger.error(error, { jobId: claim.jobId, itemId: claim.item.id, stage: "save outcome" });
    return "lost";
  }
}
