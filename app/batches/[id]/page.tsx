import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Plus } from "lucide-react";
import { BatchDetail } from "@/components/batch/batch-detail";
import { batchLabel } from "@/components/batch/batch-label";
import { FeatureErrorBoundary } from "@/components/errors/feature-error-boundary";
import { ExportButton } from "@/components/export/export-button";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { requireSessionUser } from "@/lib/auth";
import { getBatch } from "@/lib/batch/batch-queries";
import type { BatchDetails } from "@/lib/batch/types";
import { config } from "@/lib/config";
import { serverEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

interface BatchPageProps {
  params: Promise<{ id: string }>;
}

/** Another user's batch, a missing one and a malformed id all look the same: not found. */
async function loadBatch(id: string): Promise<BatchDetails> {
  if (!isUuid(id)) notFound();
  const user = await requireSessionUser();
  try {
    return await getBatch({ userId: user.id, jobId: id });
  } catch (error) {
    if (isAppError(error) && (error.code === "ERR_NOT_FOUND" || error.code === "ERR_API_NOT_FOUND")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: BatchPageProps): Promise<Metadata> {
  const { id } = await params;
  if (!isUuid(id)) return { title: "Page not found" };
  try {
    return { title: batchLabel((await loadBatch(id)).job) };
  } catch {
    return { title: "Page not found" };
  }
}

export default async function BatchPage({ params }: BatchPageProps) {
  const { id } = await params;
  const details = await loadBatch(id);
  const { job } = details;
  // The deployment-wide generation limit the server's workers keep to: the time-left floor.
  const rateLimit = { maxRequests: serverEnv().GENERATION_RATE_PER_MINUTE, windowMs: config.batch.rateWindowMs };

  return (
    <div className="space-y-6">
      <PageHeader
        title={batchLabel(job)}
        description={
          <span>
            {formatCount(job.totalItems)} items · created <DateTime value={job.createdAt} /> · generated on the server,
            so it keeps going with this page closed
          </span>
        }
        action={
          <>
            <ExportButton selection={{ kind: "batch", batchId: job.id }} subject="this batch's conversations" />
            <Button asChild variant="outline">
              <Link href="/batches/new">
                <Plus aria-hidden="true" />
                New batch
              </Link>
            </Button>
          </>
        }
      />
      <section aria-labelledby="batch-progress-heading" className="space-y-4">
        <h2 id="batch-progress-heading" className="sr-only">
          Progress
        </h2>
        <FeatureErrorBoundary feature="The batch progress">
          <BatchDetail initial={details} rateLimit={rateLimit} />
        </FeatureErrorBoundary>
      </section>
    </div>
  );
}
