import { LoadingRegion, PageHeaderSkeleton } from "@/components/layout/page-header-skeleton";
import { TableSkeleton } from "@/components/layout/table-skeleton";

export default function BackupsLoading() {
  return (
    <LoadingRegion label="Loading backups">
      <PageHeaderSkeleton />
      <TableSkeleton columns={6} />
    </LoadingRegion>
  );
}
