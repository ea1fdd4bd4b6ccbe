"use client";

import Link from "next/link";
import { CheckCircle2, MessagesSquare, RotateCcw, TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { openItemErrorDetails } from "@/components/errors/item-error-details";
import { formatCount, pluralize } from "@/lib/format";
import { BatchSummary } from "./batch-summary";
import { summaryState } from "./progress-step";
import type { BatchRunner } from "./use-batch-runner";

/** The end of a batch: what was made (with links), what failed and why, and a way to retry. */
export function SummaryStep({ runner }: { runner: BatchRunner }) {
  const { details, progress } = runner;
  if (!details || !progress) return null;

  const completed = details.items.filter((item) => item.status === "completed");
  const failed = details.items.filter((item) => item.status === "failed");
  const state = summaryState(runner.status, progress, details.job.status);

  return (
    <section className="space-y-5" aria-labelledby="summary-heading" data-testid="summary-step">
      <h3 id="summary-heading" className="sr-only">
        Batch summary
      </h3>
      {failed.length === 0 ? (
        <Alert variant="success">
          <CheckCircle2 aria-hidden="true" />
          <AlertTitle>All {formatCount(completed.length)} conversations are ready</AlertTitle>
          <AlertDescription>
            <p>Each one was generated exactly once and saved as soon as it finished.</p>
          </AlertDescription>
        </Alert>
      ) : (
        <Alert variant="warning">
          <TriangleAlert aria-hidden="true" />
          <AlertTitle>
            {pluralize(completed.length, "conversation")} ready, {formatCount(failed.length)} failed
          </AlertTitle>
          <AlertDescription>
            <p>
              Retrying gives each failed item a fresh set of attempts; finished conversations are not generated again.
            </p>
          </AlertDescription>
        </Alert>
      )}

      <BatchSummary
        progress={progress}
        state={state}
        title="Results"
        // The last run's wall time in this tab; unknown (a dash) for a batch finished elsewhere.
        elapsedMs={runner.startedAt !== null && runner.endedAt !== null ? runner.endedAt - runner.startedAt : null}
      />

      <div className="flex flex-wrap justify-end gap-2">
        <Button asChild variant="outline">
          <Link href="/conversations">
            <MessagesSquare aria-hidden="true" />
            All conversations
          </Link>
        </Button>
        {failed.length > 0 ? (
          <Button type="button" onClick={runner.retryFailed} disabled={runner.retrying} data-testid="retry-failed">
            <RotateCcw aria-hidden="true" />
            {runner.retrying ? "Reopening…" : `Retry failed items (${formatCount(failed.length)})`}
          </Button>
        ) : null}
      </div>

      {failed.length > 0 ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Failed items</h4>
          <ul className="divide-y rounded-lg border bg-card text-sm" data-testid="failed-items">
            {failed.map((item) => (
              <li key={item.id} className="flex flex-col gap-1 px-4 py-2.5 sm:flex-row sm:items-center sm:justify-between">
                <span className="font-medium">
                  {item.index + 1}. {item.topic}
                </span>
                <span className="flex flex-wrap items-center gap-x-3 text-muted-foreground">
                  {item.lastError?.message ?? "Failed"} · {formatCount(item.attempts)} of {formatCount(item.maxAttempts)} attempts
                  <Button
                    type="button"
                    variant="link"
                    size="sm"
                    className="h-auto p-0"
                    onClick={() => openItemErrorDetails(details.job.id, item)}
                  >
                    View details<span className="sr-only"> of item {item.index + 1}</span>
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {completed.length > 0 ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Conversations</h4>
          <ul
            className="max-h-96 divide-y overflow-auto rounded-lg border bg-card text-sm"
            data-testid="completed-items"
            tabIndex={0}
            aria-label="Generated conversations"
          >
            {completed.map((item) => (
              <li key={item.id} className="flex items-center justify-between gap-3 px-4 py-2.5" data-testid="completed-item">
                <span className="min-w-0 truncate">
                  <span className="text-muted-foreground tabular-nums">{item.index + 1}.</span> {item.topic}
                </span>
                {item.conversationId ? (
                  <Link
                    href={`/conversations/${item.conversationId}`}
                    className="shrink-0 font-medium text-primary underline-offset-4 hover:underline"
                  >
                    Open<span className="sr-only"> the conversation about {item.topic}</span>
                  </Link>
                ) : (
                  <span className="shrink-0 text-muted-foreground">Deleted</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
