/**
 * What is left of a batch, from its items as the server reported them: what a resume would
 * generate, what another runner holds, what has no attempts left.
 */
import { classifyItem } from "@/lib/batch/processor";
import type { BatchDetails, BatchItem } from "@/lib/batch/types";

export interface RemainingWork {
  /** Pending items, failed ones with attempts left and expired leases: a resume generates these. */
  claimable: number;
  /** Held by a live runner elsewhere. */
  leased: number;
  /** Failed with no attempts left. */
  exhausted: BatchItem[];
  /** Failed with attempts left: a resume retries them. */
  retryableFailures: BatchItem[];
}

export function remainingWork(details: BatchDetails, now: number = Date.now()): RemainingWork {
  const work: RemainingWork = { claimable: 0, leased: 0, exhausted: [], retryableFailures: [] };
  for (const item of details.items) {
    const state = classifyItem(item, null, { maxAttempts: item.maxAttempts, now });
    if (state === "claimable") {
      work.claimable += 1;
      if (item.status === "failed") work.retryableFailures.push(item);
    } else if (state === "leased") work.leased += 1;
    else if (state === "exhausted") work.exhausted.push(item);
  }
  return work;
}
