import Link from "next/link";
import type { BatchJobSummary } from "@/lib/batch/types";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Progress } from "@/components/ui/progress";
import { formatCount } from "@/lib/format";
import { batchLabel } from "./batch-label";
import { BatchStatusBadge } from "./batch-status-badge";

const COLUMNS: readonly DataTableColumn<BatchJobSummary>[] = [
  {
    id: "name",
    header: "Name",
    cell: (job) => (
      <Link
        href={`/batches/${job.id}`}
        className="rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
      >
        {batchLabel(job)}
      </Link>
    ),
    cellClassName: "max-w-64 truncate font-medium",
  },
  {
    id: "status",
    header: "Status",
    cell: (job) => <BatchStatusBadge status={job.displayStatus} data-testid="batch-row-status" />,
  },
  { id: "progress", header: "Progress", cell: (job) => <JobProgress job={job} />, className: "w-48" },
  {
    id: "failed",
    header: "Failed",
    cell: (job) => formatCount(job.failedItems),
    className: "text-right",
    cellClassName: "tabular-nums",
  },
  {
    id: "created",
    header: "Created",
    cell: (job) => <DateTime value={job.createdAt} />,
    className: "hidden md:table-cell",
    cellClassName: "whitespace-nowrap text-muted-foreground tabular-nums",
  },
];

/** The user's batch jobs with their saved progress (completed + failed out of total). */
export function BatchJobTable({ jobs }: { jobs: readonly BatchJobSummary[] }) {
  return (
    <DataTable
      data-testid="batch-table"
      caption="Your batches"
      columns={COLUMNS}
      rows={jobs}
      rowKey={(job) => job.id}
      rowProps={() => ({ "data-testid": "batch-row" })}
      empty="No batches yet."
    />
  );
}

function JobProgress({ job }: { job: BatchJobSummary }) {
  const done = job.completedItems + job.failedItems;
  return (
    <div className="flex items-center gap-3">
      <Progress
        value={job.totalItems === 0 ? 0 : done}
        max={Math.max(job.totalItems, 1)}
        aria-label={`${batchLabel(job)}: ${formatCount(done)} of ${formatCount(job.totalItems)} items processed`}
        className="w-24"
      />
      <span className="whitespace-nowrap text-xs text-muted-foreground tabular-nums" data-testid="batch-row-processed">
        {formatCount(done)} / {formatCount(job.totalItems)}
      </span>
    </div>
  );
}
