import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { BatchJobStatus } from "@/lib/batch/list-batch-jobs";

const VARIANT_BY_STATUS: Record<BatchJobStatus, NonNullable<BadgeProps["variant"]>> = {
  pending: "secondary",
  running: "info",
  paused: "warning",
  completed: "success",
  completed_with_errors: "warning",
  cancelled: "outline",
  failed: "destructive",
};

const LABEL_BY_STATUS: Record<BatchJobStatus, string> = {
  pending: "Pending",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  completed_with_errors: "Completed with errors",
  cancelled: "Cancelled",
  failed: "Failed",
};

export function BatchStatusBadge({ status }: { status: BatchJobStatus }) {
  return <Badge variant={VARIANT_BY_STATUS[status] ?? "outline"}>{LABEL_BY_STATUS[status] ?? status}</Badge>;
}
