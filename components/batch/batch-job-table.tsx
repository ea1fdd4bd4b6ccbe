import Link from "next/link";
import type { BatchJobSummary } from "@/lib/batch/types";
import { DateTime } from "@/components/ui/date-time";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { BatchStatusBadge } from "./batch-status-badge";

/** The user's batch jobs with their saved progress (completed + failed out of total). */
export function BatchJobTable({ jobs }: { jobs: readonly BatchJobSummary[] }) {
  return (
    <div className="rounded-lg border bg-card">
      <Table data-testid="batch-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col">Name</TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col" className="w-48">
              Progress
            </TableHead>
            <TableHead scope="col" className="text-right">
              Failed
            </TableHead>
            <TableHead scope="col" className="hidden md:table-cell">
              Created
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {jobs.map((job) => {
            const done = job.completedItems + job.failedItems;
            const label = job.name.trim() === "" ? "Untitled batch" : job.name;
            return (
              <TableRow key={job.id} data-testid="batch-row">
                <TableCell className="max-w-64 truncate font-medium">
                  <Link href={`/batches/${job.id}`} className="rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring">
                    {label}
                  </Link>
                </TableCell>
                <TableCell>
                  <BatchStatusBadge status={job.displayStatus} data-testid="batch-row-status" />
                </TableCell>
                <TableCell>
                  <div className="flex items-center gap-3">
                    <Progress
                      value={job.totalItems === 0 ? 0 : done}
                      max={Math.max(job.totalItems, 1)}
                      aria-label={`${label}: ${formatCount(done)} of ${formatCount(job.totalItems)} items processed`}
                      className="w-24"
                    />
                    <span className="whitespace-nowrap text-xs text-muted-foreground tabular-nums" data-testid="batch-row-processed">
                      {formatCount(done)} / {formatCount(job.totalItems)}
                    </span>
                  </div>
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(job.failedItems)}</TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground tabular-nums md:table-cell">
                  <DateTime value={job.createdAt} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
