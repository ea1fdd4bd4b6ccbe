"use client";

import * as React from "react";
import { notifyActionError } from "@/components/notifications/notify";
import type { APIClient } from "@/lib/api";
import { ErrorCode, getUserMessage, toAppError } from "@/lib/errors";
import type { CreatedExport, ExportPreview, ExportSelection } from "@/lib/export/types";
import { createExport, previewExport } from "./export-api";
import {
  INITIAL_EXPORT_FORM,
  toExportOptions,
  validateExportForm,
  type ExportFormErrors,
  type ExportFormState,
} from "./export-form";

export type ExportStep = "options" | "review";
export type ExportBusy = "idle" | "checking" | "downloading";

export interface UseExport {
  form: ExportFormState;
  errors: ExportFormErrors;
  step: ExportStep;
  busy: ExportBusy;
  preview: ExportPreview | null;
  excludeProblems: boolean;
  /** The last failure, shown inline as well as in a toast. */
  failure: string | null;
  update: (patch: Partial<ExportFormState>) => void;
  /** Validates the fields, then runs the pre-flight check; false when a field is wrong. */
  check: () => Promise<boolean>;
  setExcludeProblems: (exclude: boolean) => Promise<void>;
  back: () => void;
  /** Prepares the file; resolves with it, or null when it failed (already reported). */
  download: () => Promise<CreatedExport | null>;
}

/** The export dialog's state: fields -> pre-flight check -> download, with stale answers ignored. */
export function useExport(client: APIClient, selection: ExportSelection): UseExport {
  const [form, setForm] = React.useState<ExportFormState>(INITIAL_EXPORT_FORM);
  const [errors, setErrors] = React.useState<ExportFormErrors>({});
  const [step, setStep] = React.useState<ExportStep>("options");
  const [busy, setBusy] = React.useState<ExportBusy>("idle");
  const [preview, setPreview] = React.useState<ExportPreview | null>(null);
  const [excludeProblems, setExclude] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  // Only the newest check's answer counts: toggling "leave out" twice quickly must not show the first.
  const latest = React.useRef(0);
  const abort = React.useRef<AbortController | null>(null);

  React.useEffect(() => () => abort.current?.abort(), []);

  function fail(title: string, error: unknown) {
    setFailure(`${title}: ${getUserMessage(error)}`);
    notifyActionError(title, error);
  }

  async function runPreview(exclude: boolean): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const ticket = ++latest.current;
    setBusy("checking");
    setFailure(null);
    try {
      const answer = await previewExport(
        client,
        { selection, options: toExportOptions(form, exclude) },
        controller.signal,
      );
      if (ticket !== latest.current) return;
      setPreview(answer);
      setStep("review");
    } catch (error) {
      if (ticket !== latest.current || toAppError(error).code === ErrorCode.NET_ABORTED) return;
      fail("The check did not run", error);
    } finally {
      if (ticket === latest.current) setBusy("idle");
    }
  }

  return {
    form,
    errors,
    step,
    busy,
    preview,
    excludeProblems,
    failure,
    update(patch) {
      setForm((current) => ({ ...current, ...patch }));
      // A field edited after a failed check: its message goes once the value changes.
      setErrors((current) => {
        const next = { ...current };
        for (const key of Object.keys(patch)) delete next[key as keyof ExportFormErrors];
        if ("split" in patch) {
          delete next.percent;
          delete next.seed;
        }
        return next;
      });
    },
    async check() {
      const found = validateExportForm(form);
      setErrors(found);
      if (Object.keys(found).length > 0) return false;
      await runPreview(excludeProblems);
      return true;
    },
    async setExcludeProblems(exclude) {
      setExclude(exclude);
      await runPreview(exclude);
    },
    back() {
      abort.current?.abort();
      latest.current += 1;
      setBusy("idle");
      setFailure(null);
      setStep("options");
    },
    async download() {
      setBusy("downloading");
      setFailure(null);
      try {
        return await createExport(client, { selection, options: toExportOptions(form, excludeProblems) });
      } catch (error) {
        fail("The export was not created", error);
        return null;
      } finally {
        setBusy("idle");
      }
    },
  };
}
