import Link from "next/link";
import { ArrowRight, DatabaseBackup, Layers, MessagesSquare, type LucideIcon } from "lucide-react";
import { CreateBatchButton } from "@/components/batch/create-batch-button";
import { FeatureErrorBoundary } from "@/components/errors/feature-error-boundary";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth";
import { serverEnv } from "@/lib/env";
import { getDashboardCounts } from "@/lib/dashboard/get-dashboard-counts";
import { formatCount, pluralize } from "@/lib/format";

// No title of its own: the root segment shows the default, "Training Data Studio".
// Reads the database per request; never at build time.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireSessionUser();
  const counts = await getDashboardCounts({ userId: user.id });
  const retentionDays = serverEnv().BACKUP_RETENTION_DAYS;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Overview"
        description="Your training conversations, the batches that generate them and the backups that protect them."
        action={<CreateBatchButton />}
      />

      {counts.conversations === 0 && counts.batchJobs === 0 ? (
        <EmptyState
          icon={MessagesSquare}
          title="No conversations yet"
          description="Create a batch: list the topics you need and the studio generates a conversation for each."
          action={<CreateBatchButton />}
        />
      ) : null}

      <FeatureErrorBoundary feature="Dashboard">
        <section aria-labelledby="areas-heading" className="space-y-3">
          <h2 id="areas-heading" className="sr-only">
            Areas
          </h2>
          <ul className="grid gap-4 md:grid-cols-3">
            <AreaCard
              href="/conversations"
              icon={MessagesSquare}
              title="Conversations"
              count={counts.conversations}
              detail={pluralize(counts.turns, "turn")}
              description="Read generated transcripts."
              testId="count-conversations"
            />
            <AreaCard
              href="/batches/new"
              icon={Layers}
              title="Batches"
              count={counts.batchJobs}
              detail={counts.batchJobs === 0 ? "None started" : "Progress is saved per item"}
              description="Generate conversations in bulk."
              testId="count-batches"
            />
            <AreaCard
              href="/backups"
              icon={DatabaseBackup}
              title="Backups"
              count={counts.activeBackups}
              detail={`Kept for ${pluralize(retentionDays, "day")}`}
              description="Download or restore before they expire."
              testId="count-backups"
            />
          </ul>
        </section>
      </FeatureErrorBoundary>
    </div>
  );
}

interface AreaCardProps {
  href: string;
  icon: LucideIcon;
  title: string;
  count: number;
  detail: string;
  description: string;
  testId: string;
}

function AreaCard({ href, icon: Icon, title, count, detail, description, testId }: AreaCardProps) {
  return (
    <li>
      <Card className="relative h-full gap-3 transition-colors has-[a:hover]:bg-accent/50">
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle as="h3" className="text-sm font-medium">
            {/* The whole card is the link's click target (after:absolute), one tab stop per card. */}
            <Link
              href={href}
              className="rounded-sm outline-none after:absolute after:inset-0 after:rounded-lg focus-visible:ring-2 focus-visible:ring-ring"
            >
              {title}
            </Link>
          </CardTitle>
          <Icon aria-hidden="true" className="size-4 text-muted-foreground" />
        </CardHeader>
        <CardContent className="space-y-1">
          <p className="text-3xl font-semibold tabular-nums" data-testid={testId}>
            {formatCount(count)}
          </p>
          <p className="text-xs text-muted-foreground tabular-nums">{detail}</p>
          <CardDescription className="flex items-center gap-1 pt-2">
            {description}
            <ArrowRight aria-hidden="true" className="size-3.5" />
          </CardDescription>
        </CardContent>
      </Card>
    </li>
  );
}
