import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { TableSkeleton } from "@/components/layout/table-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

/** The page's shape while it loads: header, the wizard's card, then the batches list. */
export default function BatchesLoading() {
  return (
    <LoadingRegion label="Loading batches">
      <PageHeaderSkeleton />
      <Skeleton className="h-[28rem] rounded-lg" />
      <TableSkeleton columns={5} rows={3} />
    </LoadingRegion>
  );
}
