import type { Metadata } from "next";
import Link from "next/link";
import { Layers, MessagesSquare } from "lucide-react";
import { BatchWizard } from "@/components/batch/batch-wizard";
import { LiveBatchJobTable } from "@/components/batch/live-batch-job-table";
import { FeatureErrorBoundary } from "@/components/errors/feature-error-boundary";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth";
import { BATCH_JOB_LIST_LIMIT, listBatchJobs } from "@/lib/batch/list-batch-jobs";
import { serverEnv } from "@/lib/env";
import { formatCount } from "@/lib/format";

export const metadata: Metadata = { title: "Batches" };
export const dynamic = "force-dynamic";

export default async function BatchesPage() {
  const user = await requireSessionUser();
  const jobs = await listBatchJobs({ userId: user.id });
  const env = serverEnv();

  return (
    <div className="space-y-8">
      <PageHeader
        title="Batches"
        description="Generate many conversations at once; the server runs each batch to the end, with or without this page open."
        action={
          <Button asChild variant="outline">
            <Link href="/conversations">
              <MessagesSquare aria-hidden="true" />
              View conversations
            </Link>
          </Button>
        }
      />

      <section aria-labelledby="new-batch-heading">
        <Card>
          <CardHeader>
            <CardTitle as="h2" id="new-batch-heading">
              New batch
            </CardTitle>
            <CardDescription>
              List the topics, check the preview, then generate one conversation per topic.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {/* Only whether a key exists and the model name reach the browser, never the key. */}
            <FeatureErrorBoundary feature="The batch wizard">
              <BatchWizard
                anthropicAvailable={Boolean(env.ANTHROPIC_API_KEY)}
                defaultModel={env.ANTHROPIC_MODEL}
                limits={{ ratePerMinute: env.GENERATION_RATE_PER_MINUTE, maxInFlight: env.GENERATION_MAX_IN_FLIGHT }}
              />
            </FeatureErrorBoundary>
          </CardContent>
        </Card>
      </section>

      <section aria-labelledby="your-batches-heading" className="space-y-3">
        <h2 id="your-batches-heading" className="scroll-mt-20 text-lg font-semibold">
          Your batches
        </h2>
        {jobs.length === 0 ? (
          <EmptyState
            icon={Layers}
            title="No batches yet"
            description="Batches you start are listed here with their progress, so an interrupted one is easy to find."
          />
        ) : (
          <>
            <LiveBatchJobTable jobs={jobs} />
            {jobs.length === BATCH_JOB_LIST_LIMIT ? (
              <p className="text-sm text-muted-foreground">
                Showing the {formatCount(BATCH_JOB_LIST_LIMIT)} newest batches.
              </p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
