"use client";

import * as React from "react";
import { notifyActionError, notifySuccess } from "@/components/notifications/notify";
import { ErrorCode, getUserMessage, toAppError } from "@/lib/errors";
import type { ImportLineError, ImportResult } from "@/lib/export/types";
import { pluralize } from "@/lib/format";
import {
  DETECT_BYTES,
  detectImportFormat,
  type DetectedFormat,
  type ImportFormat,
  type JsonlFormat,
} from "./detect-format";
import { lineErrorsOf, uploadImport, type UploadProgress } from "./upload-import";

export type ImportPhase =
  | { kind: "choose" }
  | { kind: "uploading"; progress: UploadProgress }
  | { kind: "importing" }
  | { kind: "done"; result: ImportResult }
  | { kind: "line-errors"; lines: ImportLineError[]; message: string }
  | { kind: "failed"; message: string };

export interface ChosenFile {
  file: File;
  detected: DetectedFormat;
}

export interface UseImport {
  phase: ImportPhase;
  chosen: ChosenFile | null;
  jsonlFormat: JsonlFormat;
  /** The format that will be sent, or null while none can be. */
  format: ImportFormat | null;
  choose: (file: File | null) => Promise<void>;
  setJsonlFormat: (format: JsonlFormat) => void;
  start: () => Promise<void>;
  cancel: () => void;
  again: () => void;
}

async function readHead(file: File): Promise<string> {
  try {
    return await file.slice(0, DETECT_BYTES).text();
  } catch {
    return "";
  }
}

export function formatOf(detected: DetectedFormat, jsonlFormat: JsonlFormat): ImportFormat | null {
  if (detected.kind === "backup") return "backup";
  if (detected.kind === "jsonl") return jsonlFormat;
  return null;
}

/** The import dialog's state: choose a file -> upload (real progress) -> importing -> the answer. */
export function useImport(onImported: (result: ImportResult) => void): UseImport {
  const [phase, setPhase] = React.useState<ImportPhase>({ kind: "choose" });
  const [chosen, setChosen] = React.useState<ChosenFile | null>(null);
  const [jsonlFormat, setJsonlFormat] = React.useState<JsonlFormat>("messages");
  const abort = React.useRef<AbortController | null>(null);

  React.useEffect(() => () => abort.current?.abort(), []);

  const format = chosen ? formatOf(chosen.detected, jsonlFormat) : null;

  return {
    phase,
    chosen,
    jsonlFormat,
    format,
    async choose(file) {
      setPhase({ kind: "choose" });
      if (!file) {
        setChosen(null);
        return;
      }
      const detected = detectImportFormat(file.name, await readHead(file));
      if (detected.kind === "jsonl") setJsonlFormat(detected.suggested);
      setChosen({ file, detected });
    },
    setJsonlFormat,
    async start() {
      if (!chosen || !format) return;
      const controller = new AbortController();
      abort.current = controller;
      const total = chosen.file.size;
      setPhase({ kind: "uploading", progress: { loaded: 0, total } });
      try {
        const result = await uploadImport({
          file: chosen.file,
          format,
          signal: controller.signal,
          onProgress: (progress) =>
            setPhase((current) => (current.kind === "uploading" ? { kind: "uploading", progress } : current)),
          onUploaded: () => setPhase({ kind: "importing" }),
        });
        setPhase({ kind: "done", result });
        notifySuccess(
          `Imported ${pluralize(result.imported, "conversation")}`,
          result.skipped > 0
            ? `${pluralize(result.skipped, "conversation")} already existed and stayed as they were.`
            : undefined,
        );
        onImported(result);
      } catch (thrown) {
        const error = toAppError(thrown);
        if (error.code === ErrorCode.NET_ABORTED) {
          setPhase({ kind: "choose" });
          return;
        }
        const lines = lineErrorsOf(error);
        const message = getUserMessage(error);
        if (lines.length > 0) setPhase({ kind: "line-errors", lines, message });
        else setPhase({ kind: "failed", message });
        notifyActionError("Nothing was imported", error, chosen.file.name);
      } finally {
        if (abort.current === controller) abort.current = null;
      }
    },
    cancel() {
      abort.current?.abort();
      abort.current = null;
    },
    again() {
      setPhase({ kind: "choose" });
      setChosen(null);
    },
  };
}
