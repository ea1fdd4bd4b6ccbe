import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

/** The overview's skeleton; also the fallback for any page without its own loading state. */
export default function Loading() {
  return (
    <LoadingRegion label="Loading">
      <PageHeaderSkeleton />
      <div className="grid gap-4 md:grid-cols-3" aria-hidden="true">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} className="h-40 rounded-lg" />
        ))}
      </div>
    </LoadingRegion>
  );
}
