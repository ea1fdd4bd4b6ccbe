"use client";

import { CheckCircle2, Loader2 } from "lucide-react";
import { Progress } from "@/components/ui/progress";
import { formatCount, pluralize } from "@/lib/format";

export type BackupProgressState =
  | { status: "running"; conversationCount: number }
  | { status: "complete"; conversationCount: number; backupId: string };

/**
 * The backup step's progress. The server answers the create request only once the whole
 * snapshot is written, so while it runs the bar is indeterminate: no percentage is shown or
 * announced, because none is known (the seed's timer-driven percentage was invented).
 */
export function BackupProgress({ state }: { state: BackupProgressState }) {
  const complete = state.status === "complete";
  const label = complete ? "Backup complete" : "Creating backup…";
  return (
    <div className="space-y-3 rounded-lg border p-4" data-testid="backup-progress" data-status={state.status}>
      <div className="flex items-center gap-3">
        {complete ? (
          <CheckCircle2 aria-hidden="true" className="size-5 text-success" />
        ) : (
          <Loader2 aria-hidden="true" className="size-5 animate-spin text-primary motion-reduce:animate-none" />
        )}
        <p className="text-sm font-medium" role="status">
          {label}
        </p>
      </div>
      <Progress
        aria-label={label}
        value={complete ? 100 : null}
        indicatorClassName={complete ? "bg-success" : undefined}
      />
      <p className="text-sm text-muted-foreground">
        {complete
          ? `${pluralize(state.conversationCount, "conversation")} and all their turns are saved in backup ${state.backupId}.`
          : `Saving ${formatCount(state.conversationCount)} ${state.conversationCount === 1 ? "conversation" : "conversations"} with all their turns. This takes a few seconds for large selections.`}
      </p>
    </div>
  );
}
