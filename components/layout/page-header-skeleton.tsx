import { Skeleton } from "@/components/ui/skeleton";

/** Same box as PageHeader (title line, description line, action), so nothing jumps on load. */
export function PageHeaderSkeleton({ withAction = true }: { withAction?: boolean }) {
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0 flex-1 space-y-1">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-5 w-full max-w-md" />
      </div>
      {withAction ? <Skeleton className="h-9 w-36 shrink-0" /> : null}
    </div>
  );
}

/** Announces the wait once to screen readers; the skeleton blocks are aria-hidden. */
export function LoadingRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
