import type { Metadata } from "next";
import Link from "next/link";
import { DatabaseBackup, MessagesSquare } from "lucide-react";
import { BackupTable } from "@/components/backup/backup-table";
import { FeatureErrorBoundary } from "@/components/errors/feature-error-boundary";
import { ImportButton } from "@/components/import/import-button";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { requireSessionUser } from "@/lib/auth";
import { BACKUP_LIST_LIMIT, listBackups } from "@/lib/backup/list-backups";
import { serverEnv } from "@/lib/env";
import { formatCount, pluralize } from "@/lib/format";

export const metadata: Metadata = { title: "Backups" };
export const dynamic = "force-dynamic";

export default async function BackupsPage() {
  const user = await requireSessionUser();
  const backups = await listBackups({ userId: user.id });
  const retention = pluralize(serverEnv().BACKUP_RETENTION_DAYS, "day");
  // Read once per request: the table's first "expires in" must match between server and browser.
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; this is that request's time.
  const renderedAt = Date.now();

  return (
    <div className="space-y-6">
      <PageHeader
        title="Backups"
        description={`Backups are created before a bulk delete and kept for ${retention}.`}
        action={
          <>
            <Button asChild variant="outline">
              <Link href="/conversations">
                <MessagesSquare aria-hidden="true" />
                Go to conversations
              </Link>
            </Button>
            <ImportButton intent="backup" label="Import a backup" variant="default" />
          </>
        }
      />
      {backups.length === 0 ? (
        <EmptyState
          icon={DatabaseBackup}
          title="No backups"
          description="When you delete conversations in bulk, a backup is made first and listed here until it expires. A backup file you downloaded can be brought back with Import a backup."
        />
      ) : (
        <>
          <FeatureErrorBoundary feature="The backup list">
            <BackupTable backups={backups} renderedAt={renderedAt} />
          </FeatureErrorBoundary>
          {backups.length === BACKUP_LIST_LIMIT ? (
            <p className="text-sm text-muted-foreground">
              Showing the {formatCount(BACKUP_LIST_LIMIT)} newest backups.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
