"use client";

import * as React from "react";
import { Download, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import type { BackupSummary } from "@/lib/backup/list-backups";
import { notifyActionError, notifySuccess } from "@/components/notifications/notify";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiClient, type APIClient } from "@/lib/api";
import { formatBytes, formatCount, pluralize } from "@/lib/format";
import { backupDownloadUrl, restoreBackup } from "./backup-api";
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
        skipped > 0 ? `${pluralize(skipped, "conversation")} from backup ${backup.backupId} already existed and stayed as they were.` : `From backup ${backup.backupId}.`,
      );
      router.refresh();
    } catch (error) {
      notifyActionError("Restore failed: nothing was restored", error, `Backup ${backup.backupId}.`);
    } finally {
      setRestoring((current) => {
        const next = new Set(current);
        next.delete(backup.backupId);
        return next;
      });
    }
  }

  return (
    <div className="rounded-lg border bg-card">
      <Table data-testid="backup-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col">Backup</TableHead>
            <TableHead scope="col">Reason</TableHead>
            <TableHead scope="col" className="text-right">
              Conversations
            </TableHead>
            <TableHead scope="col" className="text-right">
              Size
            </TableHead>
            <TableHead scope="col" className="hidden md:table-cell">
              Created
            </TableHead>
            <TableHead scope="col">Expires</TableHead>
            <TableHead scope="col">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {backups.map((backup) => {
            const busy = restoring.has(backup.backupId);
            return (
              <TableRow key={backup.id} data-testid="backup-row">
                <TableCell className="font-mono text-xs">{backup.backupId}</TableCell>
                <TableCell className="max-w-64 truncate">{humanizeReason(backup.backupReason)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(backup.conversationCount)}</TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">{formatBytes(backup.sizeBytes)}</TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground tabular-nums md:table-cell">
                  <DateTime value={backup.createdAt} />
                </TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">
                  <span data-testid="backup-time-left">{formatTimeLeft(backup.expiresAt, now)}</span>
                  <DateTime value={backup.expiresAt} className="block text-xs text-muted-foreground" />
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-2">
                    <Button asChild variant="outline" size="sm">
                      <a
                        href={backupDownloadUrl(backup.backupId)}
                        download={`${backup.backupId}.json`}
                        aria-label={`Download backup ${backup.backupId}`}
                      >
                        <Download aria-hidden="true" />
                        Download
                      </a>
                    </Button>
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={busy}
                      onClick={() => void restore(backup)}
                      aria-label={`Restore backup ${backup.backupId}`}
                    >
                      <RotateCcw aria-hidden="true" />
                      {busy ? "Restoring…" : "Restore"}
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
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
