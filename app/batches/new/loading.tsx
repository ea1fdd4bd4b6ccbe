import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { TableSkeleton } from "@/components/layout/table-skeleton";

export default function BatchesLoading() {
  return (
    <LoadingRegion label="Loading batches">
      <PageHeaderSkeleton />
      <TableSkeleton columns={5} />
    </LoadingRegion>
  );
}
