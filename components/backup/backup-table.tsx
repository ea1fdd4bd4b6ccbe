import type { BackupSummary } from "@/lib/backup/list-backups";
import { DateTime } from "@/components/ui/date-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatBytes, formatCount } from "@/lib/format";

/** The user's unexpired backups: what each holds, why it was made and when it goes away. */
export function BackupTable({ backups }: { backups: readonly BackupSummary[] }) {
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
          </TableRow>
        </TableHeader>
        <TableBody>
          {backups.map((backup) => (
            <TableRow key={backup.id} data-testid="backup-row">
              <TableCell className="font-mono text-xs">{backup.backupId}</TableCell>
              <TableCell className="max-w-64 truncate">{humanizeReason(backup.backupReason)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(backup.conversationCount)}</TableCell>
              <TableCell className="whitespace-nowrap text-right tabular-nums">{formatBytes(backup.sizeBytes)}</TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground tabular-nums md:table-cell">
                <DateTime value={backup.createdAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">
                <DateTime value={backup.expiresAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

// Reasons are stored as short machine words ("pre_delete"); free text passes through.
function humanizeReason(reason: string): string {
  if (!/^[a-z0-9_-]+$/.test(reason)) return reason;
  const words = reason.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
