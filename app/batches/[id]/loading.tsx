import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function BatchLoading() {
  return (
    <LoadingRegion label="Loading the batch">
      <PageHeaderSkeleton />
      <Skeleton className="h-72 rounded-lg" />
    </LoadingRegion>
  );
}
