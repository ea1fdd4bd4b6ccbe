import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Queryable } from "@/lib/db/types";
import { gone, notFound } from "@/lib/errors/classes";
import { assertSelectionOwned } from "./read";
import { exportRequestSchema } from "./schemas";
import type { CreatedExport, ExportRequest } from "./types";
import { streamExport, type ExportStream } from "./write";

/*
 * A prepared download: POST /api/exports checks the request (ownership: 404) and stores it;
 * GET /api/exports/:exportId/download streams the file for an hour (then 410). The file is
 * made from the conversations as they were when the export was created (a cutoff on
 * created_at), so a repeated download gives the same file unless conversations were deleted.
 */

export function exportDownloadPath(exportId: string): string {
  return `/api/exports/${exportId}/download`;
}

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** `<batch name or "conversations">-<format>-<yyyy-mm-dd>`: letters, digits, '-' only. */
export function exportBaseName(input: { batchName?: string | null; format: string; date: Date }): string {
  const base = (input.batchName ? slug(input.batchName) : "") || "conversations";
  return `${base}-${input.format}-${input.date.toISOString().slice(0, 10)}`;
}

export function exportFileName(baseName: string, request: ExportRequest): string {
  return `${baseName}.${(request.options.validationPercent ?? 0) > 0 ? "zip" : "jsonl"}`;
}

async function batchName(db: Queryable, userId: string, request: ExportRequest): Promise<string | null> {
  if (request.selection.kind !== "batch") return null;
  const [row] = await db.query<{ name: string }>(`select name from public.batch_jobs where id = $1 and user_id = $2`, [
    request.selection.batchId,
    userId,
  ]);
  return row?.name ?? null;
}

export interface CreateExportInput {
  db?: Queryable;
  userId: string;
  request: ExportRequest;
}

/** POST /api/exports: 404 for a batch or an id that is not the user's; nothing stored then. */
export async function createExport(input: CreateExportInput): Promise<CreatedExport> {
  const db = input.db ?? (await getDb());
  await assertSelectionOwned(db, input.userId, input.request.selection);
  const baseName = exportBaseName({
    batchName: await batchName(db, input.userId, input.request),
    format: input.request.options.format,
    date: new Date(),
  });
  const fileName = exportFileName(baseName, input.request);
  // The user's requests expired long enough ago that their links may as well answer 404.
  await db.query(
    `delete from public.export_requests where user_id = $1 and expires_at < now() - $2::int * interval '1 millisecond'`,
    [input.userId, config.exports.expiredRetentionMs],
  );
  const [row] = await db.query<{ id: string; expires_at: Date | string }>(
    `insert into public.export_requests (user_id, spec, file_name, expires_at)
     values ($1, $2::jsonb, $3, now() + $4::int * interval '1 millisecond')
     returning id, expires_at`,
    [input.userId, JSON.stringify(input.request), fileName, config.exports.downloadTtlMs],
  );
  if (!row) throw new Error("insert into export_requests returned no row");
  return {
    exportId: row.id,
    downloadUrl: exportDownloadPath(row.id),
    fileName,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export interface ExportDownload {
  fileName: string;
  contentType: string;
  stream: ExportStream;
}

/**
 * GET /api/exports/:exportId/download, up to the first byte: 404 unknown or another user's,
 * 410 once expired, 404 when the batch or a conversation it names is no longer the user's.
 * Then the file's bytes, produced as they are pulled.
 */
export async function openExportDownload(input: {
  db?: Queryable;
  userId: string;
  exportId: string;
  pageSize?: number;
}): Promise<ExportDownload> {
  const db = input.db ?? (await getDb());
  const [row] = await db.query<{
    spec: unknown;
    file_name: string;
    created_at: Date | string;
    cutoff: string;
    expires_at: Date | string;
    expired: boolean;
  }>(
    `select spec, file_name, created_at, expires_at, expires_at <= now() as expired,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cutoff
       from public.export_requests where id = $1 and user_id = $2`,
    [input.exportId, input.userId],
  );
  if (!row) throw notFound("Export", { exportId: input.exportId });
  if (row.expired) {
    throw gone(`This export link expired on ${new Date(row.expires_at).toISOString()}; prepare the export again.`, {
      exportId: input.exportId,
    });
  }
  const request = exportRequestSchema.parse(row.spec);
  await assertSelectionOwned(db, input.userId, request.selection);
  const stream = streamExport({
    db,
    userId: input.userId,
    request,
    cutoff: row.cutoff,
    generatedAt: new Date(row.created_at),
    name: row.file_name.replace(/\.(jsonl|zip)$/, ""),
    pageSize: input.pageSize,
  });
  return {
    fileName: row.file_name,
    contentType: stream.kind === "zip" ? "application/zip" : "application/x-ndjson; charset=utf-8",
    stream,
  };
}
