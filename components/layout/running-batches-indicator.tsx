"use client";

import Link from "next/link";
import { LoaderCircle } from "lucide-react";
import { useOpenBatches } from "@/components/batch/open-batches-store";
import { isActiveDisplayStatus } from "@/lib/batch/status";
import { formatCount } from "@/lib/format";
import { cn } from "@/lib/utils";

/**
 * "N running" in the header while any of the user's batches is queued, running or
 * interrupted: the server runs them with no page open, so this is how a user notices one.
 * Nothing at all otherwise. One batch links to its page, several to the batches list.
 */
export function RunningBatchesIndicator({ className }: { className?: string }) {
  const open = useOpenBatches();
  const active = open?.filter((batch) => isActiveDisplayStatus(batch.displayStatus)) ?? [];
  if (active.length === 0) return null;
  const only = active.length === 1 ? active[0] : undefined;
  const href = only ? `/batches/${only.id}` : "/batches/new#your-batches-heading";
  const label = only
    ? `1 running batch: ${only.name.trim() === "" ? "Untitled batch" : only.name}`
    : `${formatCount(active.length)} running batches`;
  return (
    <Link
      href={href}
      aria-label={label}
      title={label}
      data-testid="running-batches-indicator"
      className={cn(
        "inline-flex shrink-0 items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium tabular-nums outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
        className,
      )}
    >
      <LoaderCircle aria-hidden="true" className="size-4 text-info motion-safe:animate-spin" />
      {formatCount(active.length)} running
    </Link>
  );
}
