"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { AlertTriangle, CheckCircle2, FileUp, Loader2, Upload } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { RadioGroupField } from "@/components/ui/radio-group-field";
import type { ImportResult } from "@/lib/export/types";
import { formatBytes, formatCount, pluralize } from "@/lib/format";
import type { JsonlFormat } from "./detect-format";
import { useImport, type ImportPhase, type UseImport } from "./use-import";

export type ImportIntent = "any" | "backup";

export interface ImportDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it: Radix gives focus back to it on close. */
  trigger?: React.ReactElement;
  /** "backup" from the Backups page: the copy speaks of backup files. */
  intent?: ImportIntent;
  /** After a successful import; the page's data is refreshed in any case. */
  onImported?: (result: ImportResult) => void;
}

const JSONL_CHOICES: readonly { value: JsonlFormat; label: string; hint: string }[] = [
  { value: "messages", label: "Messages", hint: 'Each line {"messages": [{"role", "content"}, …]}.' },
  { value: "sharegpt", label: "ShareGPT", hint: 'Each line {"conversations": [{"from", "value"}, …]}.' },
];

/**
 * Bring conversations in: a backup file downloaded earlier (restored with the same ids, also
 * after it expired on the server) or a messages / ShareGPT JSONL file (new conversations).
 * The server takes all of a file or none of it.
 */
export function ImportDialog({ open, onOpenChange, trigger, ...props }: ImportDialogProps) {
  // The content mounts on each opening, so every opening starts with no file chosen.
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      {open ? <ImportDialogContent onClose={() => onOpenChange(false)} {...props} /> : null}
    </Dialog>
  );
}

function ImportDialogContent({
  intent = "any",
  onImported,
  onClose,
}: Omit<ImportDialogProps, "open" | "onOpenChange" | "trigger"> & { onClose: () => void }) {
  const router = useRouter();
  const state = useImport((result) => {
    router.refresh();
    onImported?.(result);
  });
  const { phase } = state;
  const fileInputRef = React.useRef<HTMLInputElement>(null);
  const outcomeRef = React.useRef<HTMLDivElement>(null);
  // Once every byte is sent the server decides; leaving would only hide its answer.
  const locked = phase.kind === "importing";
  const busy = phase.kind === "uploading" || locked;
  const settled = phase.kind === "done" || phase.kind === "line-errors" || phase.kind === "failed";

  React.useEffect(() => {
    if (settled) outcomeRef.current?.focus();
  }, [settled]);

  function close() {
    state.cancel();
    onClose();
  }

  return (
    <DialogContent
      size="wide"
      data-testid="import-dialog"
      data-phase={phase.kind}
      onEscapeKeyDown={(event) => (locked ? event.preventDefault() : state.cancel())}
      onInteractOutside={(event) => (busy ? event.preventDefault() : undefined)}
      showCloseButton={!locked}
    >
      <DialogHeader>
        <DialogTitle>
          <FileUp aria-hidden="true" />
          {intent === "backup" ? "Import a backup" : "Import conversations"}
        </DialogTitle>
        <DialogDescription>
          {intent === "backup"
            ? "Upload a backup file downloaded earlier, even one that has expired here. Its conversations come back with the same ids; ones already here are left as they are."
            : "Upload a backup file (.json) downloaded earlier, or a messages or ShareGPT JSONL file (.jsonl). A file is imported whole or not at all."}
        </DialogDescription>
      </DialogHeader>

      {phase.kind === "choose" ? (
        <ChooseFile state={state} fileInputRef={fileInputRef} />
      ) : phase.kind === "uploading" || phase.kind === "importing" ? (
        <UploadStatus phase={phase} fileName={state.chosen?.file.name ?? ""} />
      ) : (
        <div ref={outcomeRef} tabIndex={-1} className="outline-none">
          <Outcome phase={phase} fileName={state.chosen?.file.name ?? ""} />
        </div>
      )}

      <DialogFooter>
        {phase.kind === "choose" || busy ? (
          <>
            <Button type="button" variant="outline" onClick={close} disabled={locked}>
              Cancel
            </Button>
            <Button type="button" onClick={() => void state.start()} disabled={busy || state.format === null}>
              {busy ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Upload aria-hidden="true" />}
              {phase.kind === "uploading" ? "Uploading…" : locked ? "Importing…" : "Import"}
            </Button>
          </>
        ) : (
          <>
            {phase.kind !== "done" ? (
              <Button type="button" variant="outline" onClick={state.again}>
                Choose another file
              </Button>
            ) : null}
            <Button type="button" onClick={onClose}>
              Done
            </Button>
          </>
        )}
      </DialogFooter>
    </DialogContent>
  );
}

function ChooseFile({
  state,
  fileInputRef,
}: {
  state: UseImport;
  fileInputRef: React.RefObject<HTMLInputElement | null>;
}) {
  const { chosen } = state;
  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor="import-file">File</Label>
        <Input
          ref={fileInputRef}
          id="import-file"
          type="file"
          accept=".json,.jsonl,.ndjson,application/json,application/x-ndjson"
          aria-describedby="import-file-hint"
          onChange={(event) => void state.choose(event.target.files?.[0] ?? null)}
          className="cursor-pointer"
        />
        <p id="import-file-hint" className="text-xs text-muted-foreground">
          .json for a backup, .jsonl for one conversation per line.
        </p>
      </div>
      {chosen ? (
        <div className="grid gap-3 rounded-md border p-3" data-testid="import-detected">
          <p className="text-sm">
            <span className="font-medium break-all">{chosen.file.name}</span>{" "}
            <span className="text-muted-foreground tabular-nums">({formatBytes(chosen.file.size)})</span>
          </p>
          {chosen.detected.kind === "backup" ? (
            <p className="text-sm text-muted-foreground">Backup file: its conversations are restored with their ids.</p>
          ) : chosen.detected.kind === "unknown" ? (
            <p className="text-sm text-destructive" role="alert">
              {chosen.detected.reason}
            </p>
          ) : (
            <RadioGroupField
              name="import-format"
              legend="Line format"
              options={JSONL_CHOICES}
              value={state.jsonlFormat}
              onChange={state.setJsonlFormat}
              hintClassName="font-mono"
            />
          )}
        </div>
      ) : null}
    </div>
  );
}

function UploadStatus({
  phase,
  fileName,
}: {
  phase: Extract<ImportPhase, { kind: "uploading" | "importing" }>;
  fileName: string;
}) {
  const uploading = phase.kind === "uploading";
  const { loaded, total } = uploading ? phase.progress : { loaded: 0, total: 0 };
  const percent = uploading && total > 0 ? Math.round((loaded / total) * 100) : null;
  return (
    <div className="grid gap-2" data-testid="import-progress">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium">{uploading ? `Uploading ${fileName}` : "Importing…"}</span>
        {uploading ? (
          <span className="text-muted-foreground tabular-nums" data-testid="import-bytes">
            {formatBytes(loaded)} of {formatBytes(total)}
          </span>
        ) : null}
      </div>
      <Progress
        value={uploading ? percent : null}
        aria-label={uploading ? "Upload progress" : "Importing"}
        aria-valuetext={uploading ? `${percent ?? 0}%, ${formatBytes(loaded)} of ${formatBytes(total)}` : undefined}
      />
      <p role="status" aria-live="polite" className="text-xs text-muted-foreground">
        {uploading
          ? "Cancel stops the upload; nothing is imported."
          : "The server is checking and writing the file. Nothing is kept unless all of it is."}
      </p>
    </div>
  );
}

function Outcome({
  phase,
  fileName,
}: {
  phase: Extract<ImportPhase, { kind: "done" | "line-errors" | "failed" }>;
  fileName: string;
}) {
  if (phase.kind === "done") {
    const { imported, skipped } = phase.result;
    return (
      <Alert variant="success" data-testid="import-result">
        <CheckCircle2 aria-hidden="true" />
        <AlertTitle>
          Imported {pluralize(imported, "conversation")}
          {skipped > 0 ? `; ${formatCount(skipped)} already here` : ""}
        </AlertTitle>
        <AlertDescription>
          {skipped > 0
            ? `${pluralize(skipped, "conversation")} already existed and stayed as they were.`
            : `From ${fileName}.`}
        </AlertDescription>
      </Alert>
    );
  }
  if (phase.kind === "line-errors") {
    return (
      <div className="grid gap-3">
        <Alert variant="destructive">
          <AlertTriangle aria-hidden="true" />
          <AlertTitle>Nothing was imported: {pluralize(phase.lines.length, "line")} to fix</AlertTitle>
          <AlertDescription>Fix these lines in {fileName} and upload it again.</AlertDescription>
        </Alert>
        <ul
          className="max-h-56 divide-y overflow-y-auto rounded-md border font-mono text-xs"
          data-testid="import-line-errors"
          tabIndex={0}
          aria-label="Lines to fix"
        >
          {phase.lines.map((entry, index) => (
            <li key={`${entry.line}-${index}`} className="px-3 py-1.5">
              Line {formatCount(entry.line)}: {entry.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <Alert variant="destructive" data-testid="import-error">
      <AlertTriangle aria-hidden="true" />
      <AlertTitle>Nothing was imported</AlertTitle>
      <AlertDescription>{phase.message}</AlertDescription>
    </Alert>
  );
}
