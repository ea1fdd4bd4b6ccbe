import { Badge, type BadgeProps } from "@/components/ui/badge";
import { DISPLAY_STATUS_LABELS, type BatchDisplayStatus } from "@/lib/batch/status";

const VARIANT_BY_STATUS: Record<BatchDisplayStatus, NonNullable<BadgeProps["variant"]>> = {
  queued: "secondary",
  running: "info",
  paused: "warning",
  // Nothing is running it right now (the server went away): worth a look, not an error.
  interrupted: "warning",
  completed: "success",
  completed_with_failures: "warning",
  cancelled: "outline",
  failed: "destructive",
};

interface BatchStatusBadgeProps extends Omit<BadgeProps, "variant" | "children"> {
  /** What users see (BatchJob.displayStatus), never the stored status. */
  status: BatchDisplayStatus;
}

export function BatchStatusBadge({ status, ...props }: BatchStatusBadgeProps) {
  return (
    <Badge variant={VARIANT_BY_STATUS[status] ?? "outline"} data-status={status} {...props}>
      {DISPLAY_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
