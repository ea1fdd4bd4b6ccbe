"use client";

import * as React from "react";
import Link from "next/link";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { openItemErrorDetails } from "@/components/errors/item-error-details";
import type { BatchItem } from "@/lib/batch/types";
import { ErrorCode } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { formatClockTime } from "./batch-time";

type ItemOutcome = "pending" | "waiting" | "running" | "completed" | "retrying" | "failed";

const OUTCOME_LABEL: Record<ItemOutcome, string> = {
  pending: "Pending",
  waiting: "Waiting",
  running: "Generating",
  completed: "Completed",
  retrying: "Will retry",
  failed: "Failed",
};

const OUTCOME_VARIANT: Record<ItemOutcome, NonNullable<BadgeProps["variant"]>> = {
  pending: "outline",
  waiting: "secondary",
  running: "info",
  completed: "success",
  retrying: "warning",
  failed: "destructive",
};

/** A failed item the engine tries again by itself: attempts left, and an error retrying can fix. */
function willRetry(item: Pick<BatchItem, "status" | "attempts" | "maxAttempts" | "lastError">): boolean {
  return item.status === "failed" && item.attempts < item.maxAttempts && item.lastError?.retryable !== false;
}

/** When the item waits out a Retry-After or a retry backoff at `now` (epoch ms), or null. */
export function waitsUntil(
  item: Pick<BatchItem, "notBefore" | "status" | "attempts" | "maxAttempts" | "lastError">,
  now: number | null,
): number | null {
  // A failed item out of attempts keeps its last not_before, but nothing will claim it again.
  if (now === null || !item.notBefore || !(item.status === "pending" || willRetry(item))) return null;
  const until = Date.parse(item.notBefore);
  return Number.isNaN(until) || until <= now ? null : until;
}

export function itemOutcome(item: BatchItem, waiting: boolean): ItemOutcome {
  if (item.status === "completed" || item.status === "running") return item.status;
  if (waiting) return "waiting";
  if (item.status === "failed") return willRetry(item) ? "retrying" : "failed";
  return "pending";
}

interface BatchItemListProps {
  jobId: string;
  items: readonly BatchItem[];
  /** The shared clock (null before hydration): decides which items still wait. */
  now: number | null;
}

/** Every item of the batch with its outcome so far: status, attempts, why it failed, where its conversation is. */
export function BatchItemList({ jobId, items, now }: BatchItemListProps) {
  if (items.length === 0) return null;
  return (
    <section className="space-y-2" aria-labelledby="batch-items-heading">
      <h3 id="batch-items-heading" className="text-sm font-semibold">
        Items
      </h3>
      {/* Focusable so the list scrolls from the keyboard (axe: scrollable-region-focusable). */}
      <ul
        className="max-h-[28rem] divide-y overflow-auto rounded-lg border bg-card text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
        data-testid="batch-items"
        tabIndex={0}
        aria-label="Items and their outcomes"
      >
        {items.map((item) => (
          <BatchItemRow key={item.id} jobId={jobId} item={item} waitUntil={waitsUntil(item, now)} />
        ))}
      </ul>
    </section>
  );
}

/** Memoised: the clock ticks every second and a batch may hold a thousand rows. */
const BatchItemRow = React.memo(function BatchItemRow({
  jobId,
  item,
  waitUntil,
}: {
  jobId: string;
  item: BatchItem;
  waitUntil: number | null;
}) {
  const outcome = itemOutcome(item, waitUntil !== null);
  const showError =
    item.lastError !== null && (outcome === "failed" || outcome === "retrying" || outcome === "waiting");
  return (
    <li
      className="flex flex-col gap-1 px-4 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-4"
      data-testid="batch-item"
      data-status={outcome}
    >
      <span className="min-w-0 truncate">
        <span className="text-muted-foreground tabular-nums">{item.index + 1}.</span> {item.topic}
      </span>
      <span className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 text-muted-foreground">
        <Badge variant={OUTCOME_VARIANT[outcome]}>{OUTCOME_LABEL[outcome]}</Badge>
        {item.attempts > 0 ? (
          <span className="tabular-nums">
            {formatCount(item.attempts)} of {formatCount(item.maxAttempts)} attempts
          </span>
        ) : null}
        {waitUntil !== null ? (
          <span className="tabular-nums" data-testid="item-waiting">
            {item.lastError?.code === ErrorCode.GEN_RATE_LIMIT ? "waiting for rate limit" : "waiting to retry"} until{" "}
            {formatClockTime(waitUntil)}
          </span>
        ) : null}
        {showError ? <span data-testid="item-error">{item.lastError?.message}</span> : null}
        {showError ? (
          <Button
            type="button"
            variant="link"
            size="sm"
            className="h-auto p-0"
            onClick={() => openItemErrorDetails(jobId, item)}
          >
            View details<span className="sr-only"> of item {item.index + 1}</span>
          </Button>
        ) : null}
        {outcome === "completed" ? (
          item.conversationId ? (
            <Link
              href={`/conversations/${item.conversationId}`}
              className="font-medium text-primary underline-offset-4 hover:underline"
              data-testid="item-conversation"
            >
              Open<span className="sr-only"> the conversation about {item.topic}</span>
            </Link>
          ) : (
            <span>Deleted</span>
          )
        ) : null}
      </span>
    </li>
  );
});
