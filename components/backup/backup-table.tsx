"use client";

import * as React from "react";
import { Download, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import type { BackupSummary } from "@/lib/backup/list-backups";
import { notifyActionError, notifySuccess } from "@/components/notifications/notify";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { apiClient, type APIClient } from "@/lib/api";
import { formatBytes, formatCount, pluralize } from "@/lib/format";
import { backupDownloadUrl, restoreBackup } from "./backup-api";
import { networkRetry } from "./network-retry";
import { formatTimeLeft } from "./time-left";

interface BackupTableProps {
  backups: readonly BackupSummary[];
  /**
   * When the server rendered the page (ms): the first render's "expires in" uses it, so the
   * browser's first paint matches the server's HTML; the clock then moves on every minute.
   */
  renderedAt: number;
  client?: APIClient;
}

/** The user's unexpired backups: what each holds, why it was made, when it goes away, and the ways back. */
export function BackupTable({ backups, renderedAt, client = apiClient }: BackupTableProps) {
  const router = useRouter();
  const now = useMinuteClock(renderedAt);
  const [restoring, setRestoring] = React.useState<ReadonlySet<string>>(new Set());

  async function restore(backup: BackupSummary) {
    setRestoring((current) => new Set(current).add(backup.backupId));
    try {
      const { restored, skipped } = await restoreBackup(client, backup.backupId);
      notifySuccess(
        restored > 0 ? `Restored ${pluralize(restored, "conversation")}` : "Nothing to restore",
        skipped > 0
          ? `${pluralize(skipped, "conversation")} from backup ${backup.backupId} already existed and stayed as they were.`
          : `From backup ${backup.backupId}.`,
      );
      router.refresh();
    } catch (error) {
      notifyActionError("Restore failed: nothing was restored", error, `Backup ${backup.backupId}.`, {
        onRetry: networkRetry(error, () => void restore(backup)),
      });
    } finally {
      setRestoring((current) => {
        const next = new Set(current);
        next.delete(backup.backupId);
        return next;
      });
    }
  }

  const columns: DataTableColumn<BackupSummary>[] = [
    { id: "backup", header: "Backup", cell: (backup) => backup.backupId, cellClassName: "font-mono text-xs" },
    {
      id: "reason",
      header: "Reason",
      cell: (backup) => humanizeReason(backup.backupReason),
      cellClassName: "max-w-64 truncate",
    },
    {
      id: "conversations",
      header: "Conversations",
      cell: (backup) => formatCount(backup.conversationCount),
      className: "text-right",
      cellClassName: "tabular-nums",
    },
    {
      id: "size",
      header: "Size",
      cell: (backup) => formatBytes(backup.sizeBytes),
      className: "text-right",
      cellClassName: "whitespace-nowrap tabular-nums",
    },
    {
      id: "created",
      header: "Created",
      cell: (backup) => <DateTime value={backup.createdAt} />,
      className: "hidden md:table-cell",
      cellClassName: "whitespace-nowrap text-muted-foreground tabular-nums",
    },
    {
      id: "expires",
      header: "Expires",
      cell: (backup) => (
        <>
          <span data-testid="backup-time-left">{formatTimeLeft(backup.expiresAt, now)}</span>
          <DateTime value={backup.expiresAt} className="block text-xs text-muted-foreground" />
        </>
      ),
      cellClassName: "whitespace-nowrap tabular-nums",
    },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (backup) => (
        <BackupActions
          backupId={backup.backupId}
          busy={restoring.has(backup.backupId)}
          onRestore={() => void restore(backup)}
        />
      ),
    },
  ];

  return (
    <DataTable
      data-testid="backup-table"
      caption="Your backups"
      columns={columns}
      rows={backups}
      rowKey={(backup) => backup.id}
      rowProps={() => ({ "data-testid": "backup-row" })}
      empty="No backups."
    />
  );
}

function BackupActions({ backupId, busy, onRestore }: { backupId: string; busy: boolean; onRestore: () => void }) {
  return (
    <div className="flex justify-end gap-2">
      <Button asChild variant="outline" size="sm">
        <a href={backupDownloadUrl(backupId)} download={`${backupId}.json`} aria-label={`Download backup ${backupId}`}>
          <Download aria-hidden="true" />
          Download
        </a>
      </Button>
      <Button variant="outline" size="sm" disabled={busy} onClick={onRestore} aria-label={`Restore backup ${backupId}`}>
        <RotateCcw aria-hidden="true" />
        {busy ? "Restoring…" : "Restore"}
      </Button>
    </div>
  );
}

/** Starts at the server's time (so hydration matches) and moves on once a minute, the table's finest unit. */
function useMinuteClock(start: number): number {
  const [now, setNow] = React.useState(start);
  React.useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

// Reasons are stored as short machine words ("bulk_delete"); free text passes through.
function humanizeReason(reason: string): string {
  if (!/^[a-z0-9_-]+$/.test(reason)) return reason;
  const words = reason.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
