import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

const ROWS = 8;

/**
 * In the (list) route group so it wraps only the list: in app/conversations/ it would also
 * wrap /conversations/[id] and make a missing conversation answer HTTP 200 (see that page).
 */
export default function ConversationsLoading() {
  return (
    <LoadingRegion label="Loading conversations">
      <PageHeaderSkeleton />
      <div className="space-y-3">
        {/* The selection bar above the table: "N selected" and "Delete selected". */}
        <div className="flex min-h-9 items-center justify-between gap-3" aria-hidden="true">
          <Skeleton className="h-4 w-64" />
          <Skeleton className="h-8 w-32" />
        </div>
        <div className="rounded-lg border bg-card" aria-hidden="true">
          <div className="flex h-10 items-center gap-6 border-b px-3">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="ml-auto h-4 w-12" />
            <Skeleton className="h-4 w-16" />
          </div>
          {Array.from({ length: ROWS }, (_, index) => (
            <div key={index} className="flex h-[3.75rem] items-center gap-6 border-b px-3 last:border-0">
              <div className="flex-1 space-y-1.5">
                <Skeleton className="h-4 w-2/3 max-w-72" />
                <Skeleton className="h-3 w-1/3 max-w-40" />
              </div>
              <Skeleton className="h-4 w-8" />
              <Skeleton className="h-5 w-20" />
            </div>
          ))}
        </div>
      </div>
    </LoadingRegion>
  );
}
