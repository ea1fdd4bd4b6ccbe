/**
 * The browser's calls to the export routes (lib/export/types.ts is the contract). Each takes
 * the APIClient to use, so components and tests pass theirs; every failure is an AppError.
 */
import type { APIClient } from "@/lib/api";
import type { CreatedExport, ExportPreview, ExportRequest } from "@/lib/export/types";

export function previewExport(client: APIClient, request: ExportRequest, signal?: AbortSignal): Promise<ExportPreview> {
  // Reads only: safe to repeat after a dropped connection.
  return client.post<ExportPreview>("/api/exports/preview", request, { idempotent: true, signal });
}

export function createExport(client: APIClient, request: ExportRequest): Promise<CreatedExport> {
  // Not retried behind the user's back: a lost answer would leave a second prepared file.
  return client.post<CreatedExport>("/api/exports", request, { retry: false });
}

/** Starts the browser's own download of a prepared export (a same-origin attachment). */
export function startDownload(url: string, fileName: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
}
