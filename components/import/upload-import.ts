/**
 * POST /api/imports with the raw file as the body, through XMLHttpRequest: fetch cannot report
 * upload progress, and the dialog shows the real bytes sent. Failures arrive as AppErrors built
 * from the server's error shape, like the APIClient's.
 */
import { ErrorCode, NetworkError, abortedError, fromHttpStatus, type AppError } from "@/lib/errors";
import type { ImportLineError, ImportResult } from "@/lib/export/types";
import { contentTypeFor, type ImportFormat } from "./detect-format";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadImportOptions {
  file: Blob;
  format: ImportFormat;
  /** Upload progress; once loaded === total the server is importing. */
  onProgress?: (progress: UploadProgress) => void;
  /** Called once every byte has been sent. */
  onUploaded?: () => void;
  signal?: AbortSignal;
}

export function importUrl(format: ImportFormat): string {
  return `/api/imports?format=${encodeURIComponent(format)}`;
}

/** The 400's `details.lines`, when the server named the lines that are wrong. */
export function lineErrorsOf(error: AppError): ImportLineError[] {
  const lines: unknown = (error as { details?: Record<string, unknown> }).details?.lines;
  if (!Array.isArray(lines)) return [];
  return lines.flatMap((entry: unknown) => {
    const bag = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : null;
    return bag && typeof bag.line === "number" && typeof bag.message === "string"
      ? [{ line: bag.line, message: bag.message }]
      : [];
  });
}

function headersOf(xhr: XMLHttpRequest): { get(name: string): string | null } {
  return { get: (name) => xhr.getResponseHeader(name) };
}

export function uploadImport({
  file,
  format,
  onProgress,
  onUploaded,
  signal,
}: UploadImportOptions): Promise<ImportResult> {
  return new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = importUrl(format);
    const total = file.size;
    const abort = () => xhr.abort();

    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    signal?.addEventListener("abort", abort, { once: true });
    const done = () => signal?.removeEventListener("abort", abort);

    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", contentTypeFor(format));
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable && event.total > 0 ? event.total : total });
    };
    xhr.upload.onload = () => {
      onProgress?.({ loaded: total, total });
      onUploaded?.();
    };
    xhr.onload = () => {
      done();
      const body = typeof xhr.responseText === "string" ? xhr.responseText : "";
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(body) as ImportResult);
        } catch {
          reject(fromHttpStatus(502, body, headersOf(xhr), { method: "POST", url }));
        }
        return;
      }
      reject(fromHttpStatus(xhr.status, body, headersOf(xhr), { method: "POST", url }));
    };
    xhr.onerror = () => {
      done();
      reject(new NetworkError(ErrorCode.NET_CONNECTION_FAILED, `The upload to ${url} failed`));
    };
    xhr.ontimeout = () => {
      done();
      reject(new NetworkError(ErrorCode.NET_TIMEOUT, `The upload to ${url} timed out`));
    };
    xhr.onabort = () => {
      done();
      reject(abortedError(signal));
    };
    xhr.send(file);
  });
}
