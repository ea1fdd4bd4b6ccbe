import { AlertCircle, CheckCircle2, Clock, Hourglass, Timer, XCircle } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { DISPLAY_STATUS_LABELS, isActiveDisplayStatus, type BatchDisplayStatus } from "@/lib/batch/status";
import { formatCount } from "@/lib/format";
import { BatchStatusBadge } from "./batch-status-badge";
import { formatDuration } from "./batch-time";

/** The counters of a batch as the server reports them (BatchDetails.progress). */
export interface BatchCounts {
  totalItems: number;
  completedItems: number;
  failedItems: number;
  pendingItems: number;
}

export interface BatchSummaryProps {
  progress: BatchCounts;
  status: BatchDisplayStatus;
  /** Null when unknown (not started, or standing still): shown as a dash. */
  elapsedMs?: number | null;
  /** Null while there is no measured pace yet: shown as a dash, never a guess. */
  estimatedRemainingMs?: number | null;
  /** Items with the generator right now. */
  inFlight?: number;
  title?: string;
}

/**
 * The screen-reader sentence. While the batch moves it only changes at every tenth of the
 * batch, so a polite live region is not asked to read out each of a thousand items.
 */
export function progressAnnouncement(progress: BatchCounts, status: BatchDisplayStatus): string {
  const done = progress.completedItems + progress.failedItems;
  const total = progress.totalItems;
  if (isActiveDisplayStatus(status)) {
    const step = Math.max(1, Math.ceil(total / 10));
    const reached = done >= total ? total : Math.floor(done / step) * step;
    return `${formatCount(reached)} of ${formatCount(total)} items processed.`;
  }
  const failed = progress.failedItems > 0 ? `, ${formatCount(progress.failedItems)} failed` : "";
  return `${DISPLAY_STATUS_LABELS[status]}: ${formatCount(progress.completedItems)} of ${formatCount(total)} items completed${failed}.`;
}

export function BatchSummary({
  progress,
  status,
  elapsedMs = null,
  estimatedRemainingMs = null,
  inFlight = 0,
  title = "Batch progress",
}: BatchSummaryProps) {
  const done = progress.completedItems + progress.failedItems;
  const finished = status === "completed" || status === "completed_with_failures";
  return (
    <Card data-testid="batch-summary" data-status={status}>
      <CardHeader className="flex-row items-center justify-between gap-3">
        <CardTitle as="h3" className="text-base">
          {title}
        </CardTitle>
        <BatchStatusBadge status={status} data-testid="batch-status" />
      </CardHeader>
      <CardContent className="space-y-5">
        <div className="space-y-2">
          <div className="flex items-center justify-between text-sm">
            <span className="font-medium">Processed</span>
            <span className="text-muted-foreground tabular-nums" data-testid="batch-processed">
              {formatCount(done)} / {formatCount(progress.totalItems)}
            </span>
          </div>
          <Progress
            value={done}
            max={Math.max(progress.totalItems, 1)}
            aria-label={`${formatCount(done)} of ${formatCount(progress.totalItems)} items processed`}
            data-testid="batch-progress"
          />
        </div>

        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat
            icon={CheckCircle2}
            tone="text-success"
            label="Completed"
            value={formatCount(progress.completedItems)}
            testId="stat-completed"
          />
          <Stat
            icon={XCircle}
            tone="text-destructive"
            label="Failed"
            value={formatCount(progress.failedItems)}
            testId="stat-failed"
          />
          <Stat
            icon={AlertCircle}
            tone="text-muted-foreground"
            label="Pending"
            value={formatCount(progress.pendingItems)}
            testId="stat-pending"
            hint={status === "running" && inFlight > 0 ? `${formatCount(inFlight)} generating now` : undefined}
          />
          <Stat
            icon={Timer}
            tone="text-primary"
            label="Elapsed"
            value={elapsedMs === null ? "—" : formatDuration(elapsedMs)}
            testId="stat-elapsed"
          />
          <Stat
            icon={Hourglass}
            tone="text-primary"
            label="Estimated remaining"
            value={
              finished ? formatDuration(0) : estimatedRemainingMs === null ? "—" : formatDuration(estimatedRemainingMs)
            }
            testId="stat-remaining"
          />
        </dl>

        {/* Polite: progress is news, not an interruption. */}
        <p role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="batch-announcement">
          {progressAnnouncement(progress, status)}
        </p>
      </CardContent>
    </Card>
  );
}

interface StatProps {
  icon: typeof Clock;
  tone: string;
  label: string;
  value: string;
  testId: string;
  hint?: string;
}

function Stat({ icon: Icon, tone, label, value, testId, hint }: StatProps) {
  // dl > div > dt + dd: the only nesting a definition list allows (axe: dlitem).
  return (
    <div className="rounded-md border bg-muted/30 p-3">
      <dt className="flex items-center gap-1.5 text-xs text-muted-foreground">
        <Icon aria-hidden="true" className={`size-4 shrink-0 ${tone}`} />
        {label}
      </dt>
      <dd className="pt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}
