"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { isOpenJobStatus } from "@/lib/batch/status";
import type { BatchJobSummary } from "@/lib/batch/types";
import { BatchJobTable } from "./batch-job-table";
import { useOpenBatches } from "./open-batches-store";

/**
 * Rows of open batches as the open-batches stream reports them (status and counters).
 * Exported for tests: the table's data without React.
 */
export function mergeOpenBatches(
  jobs: readonly BatchJobSummary[],
  open: readonly BatchJobSummary[] | null,
): BatchJobSummary[] {
  if (!open) return [...jobs];
  const live = new Map(open.map((batch) => [batch.id, batch]));
  return jobs.map((job) => live.get(job.id) ?? job);
}

/**
 * What the server-rendered list cannot know by itself: a batch the stream has but the list
 * lacks (started in another tab), or one the list shows as open that left the stream
 * (it finished). Either way the page is re-rendered for the final figures.
 */
export function staleRows(jobs: readonly BatchJobSummary[], open: readonly BatchJobSummary[] | null): string[] {
  if (!open) return [];
  const listed = new Set(jobs.map((job) => job.id));
  const live = new Set(open.map((batch) => batch.id));
  const finished = jobs.filter((job) => isOpenJobStatus(job.status) && !live.has(job.id)).map((job) => job.id);
  const added = open.filter((batch) => !listed.has(batch.id)).map((batch) => batch.id);
  return [...finished, ...added].sort();
}

/** "Your batches", kept current while batches run: counters from the stream, a refresh when one starts or ends. */
export function LiveBatchJobTable({ jobs }: { jobs: readonly BatchJobSummary[] }) {
  const router = useRouter();
  const open = useOpenBatches();
  const rows = React.useMemo(() => mergeOpenBatches(jobs, open), [jobs, open]);
  const stale = staleRows(jobs, open).join(",");
  const refreshedFor = React.useRef("");

  React.useEffect(() => {
    // Once per distinct reason: a refresh that has not landed yet is not asked for again.
    if (stale === "" || stale === refreshedFor.current) return;
    refreshedFor.current = stale;
    router.refresh();
  }, [stale, router]);

  return <BatchJobTable jobs={rows} />;
}
