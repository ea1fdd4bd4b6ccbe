import "server-only";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { conflict } from "@/lib/errors/classes";
import { DOCUMENT_TAIL, PART_SEPARATOR, documentHead } from "./document";
import { assertUnexpired, loadBackup, type BackupDetails, type GetBackupInput, type LoadedBackup } from "./get-backup";

/** Parts read per query while streaming: a few MB at most, whatever the backup's size. */
export const PARTS_PER_PAGE = 50;

export interface BackupPart {
  partIndex: number;
  conversationId: string | null;
  content: string;
}

/**
 * The backup's parts in order, a page at a time. A gap or a missing tail (a part deleted or
 * never written) is an error, not a shorter file: a truncated backup must never pass for whole.
 */
export async function* readParts(
  db: Queryable,
  backup: LoadedBackup,
  pageSize = PARTS_PER_PAGE,
): AsyncGenerator<BackupPart[]> {
  let next = 0;
  while (next < backup.conversationCount) {
    const rows = await db.query<{ part_index: number; conversation_id: string | null; content: string }>(
      `select part_index, conversation_id, content
         from public.backup_export_parts
        where backup_export_id = $1 and part_index >= $2
        order by part_index
        limit $3`,
      [backup.exportId, next, pageSize],
    );
    if (rows.length === 0) throw damaged(backup, `part ${next} is missing`);
    const parts: BackupPart[] = [];
    for (const row of rows) {
      if (Number(row.part_index) !== next) throw damaged(backup, `part ${next} is missing`);
      parts.push({ partIndex: next, conversationId: row.conversation_id, content: row.content });
      next += 1;
    }
    yield parts;
  }
}

export function damaged(backup: Pick<BackupDetails, "backupId">, why: string): Error {
  return conflict(`Backup ${backup.backupId} failed verification (${why}); it cannot be used.`, {
    backupId: backup.backupId,
  });
}

/**
 * The backup document as string chunks: the envelope's head, one part (one conversation) per
 * chunk with its "," separator, the tail. Never more than one page of parts in memory.
 *
 * Parts are not joined per page: a joined page (~0.5 MB) is a string V8 allocates in its
 * large-object space, which only a full collection frees, so a download left one such string
 * of garbage per page (README.md, Benchmarks: on PostgreSQL a 10 MB download's RSS growth
 * went from 32 to 12 MB).
 */
export async function* documentChunks(
  db: Queryable,
  backup: LoadedBackup,
  pageSize = PARTS_PER_PAGE,
): AsyncGenerator<string> {
  yield documentHead({ backupId: backup.backupId, createdAt: backup.createdAt, backupReason: backup.backupReason });
  let first = true;
  for await (const parts of readParts(db, backup, pageSize)) {
    for (const part of parts) {
      yield first ? part.content : PART_SEPARATOR + part.content;
      first = false;
    }
  }
  yield DOCUMENT_TAIL;
}

export interface BackupDownload {
  backup: BackupDetails;
  chunks: AsyncIterable<string>;
}

/**
 * Checks access first (404 unknown or another user's, 410 expired), so a route can answer
 * with an error status before it starts streaming; then the document's chunks.
 */
export async function openBackupDownload(input: GetBackupInput & { pageSize?: number }): Promise<BackupDownload> {
  const db = input.db ?? (await getDb());
  const backup = await loadBackup({ ...input, db });
  assertUnexpired(backup);
  const { exportId: _exportId, expired: _expired, ...details } = backup;
  return { backup: details, chunks: documentChunks(db, backup, input.pageSize) };
}

/**
 * The user's backup document as an async iterable of string chunks (checks access on the first pull).
 * @internal For tests, which read the document whole; the download route uses openBackupDownload.
 */
export async function* streamBackupDocument(input: GetBackupInput & { pageSize?: number }): AsyncGenerator<string> {
  const { chunks } = await openBackupDownload(input);
  yield* chunks;
}
