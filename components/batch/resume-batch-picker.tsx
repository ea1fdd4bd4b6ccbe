"use client";

import { DateTime } from "@/components/ui/date-time";
import type { IncompleteBatch } from "@/lib/batch/types";
import { formatCount } from "@/lib/format";
import { cn } from "@/lib/utils";
import { batchLabel } from "./batch-label";

interface ResumeBatchPickerProps {
  batches: readonly IncompleteBatch[];
  selectedId: string;
  onSelect: (jobId: string) => void;
}

/** Several batches need the user: one radio per batch (arrow keys move between them), with its progress and last update. */
export function ResumeBatchPicker({ batches, selectedId, onSelect }: ResumeBatchPickerProps) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium">Batches that need you</legend>
      <div className="max-h-56 space-y-2 overflow-auto" data-testid="resume-batch-list">
        {batches.map((batch) => {
          const done = batch.progress.completedItems + batch.progress.failedItems;
          const checked = batch.jobId === selectedId;
          return (
            <label
              key={batch.jobId}
              className={cn(
                "flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                checked && "border-primary bg-accent",
              )}
              data-testid="resume-batch-option"
            >
              <input
                type="radio"
                name="resume-batch"
                value={batch.jobId}
                checked={checked}
                onChange={() => onSelect(batch.jobId)}
                className="size-4 accent-primary"
              />
              <span className="min-w-0 flex-1 truncate font-medium">{batchLabel(batch)}</span>
              <span className="shrink-0 text-muted-foreground tabular-nums">
                {formatCount(done)} / {formatCount(batch.progress.totalItems)}
              </span>
              <span className="hidden shrink-0 text-xs text-muted-foreground sm:inline">
                <DateTime value={batch.lastCheckpointAt} />
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
