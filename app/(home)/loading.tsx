import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * The overview's skeleton. It lives in the (home) route group, not at the app root: a root
 * loading.tsx would wrap every page in a Suspense boundary, so a page calling notFound()
 * would already have answered HTTP 200. Each page brings its own loading state instead.
 */
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
