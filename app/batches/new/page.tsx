import type { Metadata } from "next";
import Link from "next/link";
import { Layers, MessagesSquare } from "lucide-react";
import { BatchJobTable } from "@/components/batch/batch-job-table";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { requireSessionUser } from "@/lib/auth";
import { BATCH_JOB_LIST_LIMIT, listBatchJobs } from "@/lib/batch/list-batch-jobs";
import { formatCount } from "@/lib/format";

export const metadata: Metadata = { title: "Batches" };
export const dynamic = "force-dynamic";

export default async function BatchesPage() {
  const user = await requireSessionUser();
  const jobs = await listBatchJobs({ userId: user.id });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Batches"
        description="Batch jobs generate many conversations at once; progress is saved after every item."
        action={
          <Button asChild variant="outline">
            <Link href="/conversations">
              <MessagesSquare aria-hidden="true" />
              View conversations
            </Link>
          </Button>
        }
      />
      {jobs.length === 0 ? (
        <EmptyState
          icon={Layers}
          title="No batches yet"
          description="Batches you start are listed here with their progress, so an interrupted one is easy to find."
        />
      ) : (
        <>
          <BatchJobTable jobs={jobs} />
          {jobs.length === BATCH_JOB_LIST_LIMIT ? (
            <p className="text-sm text-muted-foreground">Showing the {formatCount(BATCH_JOB_LIST_LIMIT)} newest batches.</p>
          ) : null}
        </>
      )}
    </div>
  );
}
