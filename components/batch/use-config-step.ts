"use client";

import * as React from "react";
import {
  FORM_FIELD_ORDER,
  validateBatchForm,
  type BatchFormErrors,
  type BatchFormField,
  type BatchFormValues,
  type FormResult,
} from "./batch-form";
import { parseTopicsCsv } from "./parse-topics";

export type SetBatchValue = <K extends keyof BatchFormValues>(
  key: K,
  value: BatchFormValues[K],
  field?: BatchFormField,
) => void;

export interface UseConfigStepOptions {
  values: BatchFormValues;
  onChange: (values: BatchFormValues) => void;
  onNext: (result: Extract<FormResult, { ok: true }>) => void;
}

export interface ConfigStepState {
  /** Shown from the last Preview press until the field is edited. */
  errors: BatchFormErrors;
  /** Changes one value; `field` names the error it clears when that differs from the key (csv -> topics). */
  set: SetBatchValue;
  /** Reads the chosen CSV file into the topics. */
  chooseCsv: (file: File | undefined) => Promise<void>;
  /** Preview: hands the checked request on, or returns the first field to fix (page order). */
  submit: () => BatchFormField | null;
}

/** The wizard's first step as state: the values stay with the wizard, the errors live here. */
export function useConfigStep({ values, onChange, onNext }: UseConfigStepOptions): ConfigStepState {
  const [errors, setErrors] = React.useState<BatchFormErrors>({});

  const set: SetBatchValue = (key, value, field) => {
    onChange({ ...values, [key]: value });
    const cleared = field ?? (key as BatchFormField);
    if (errors[cleared]) setErrors(({ [cleared]: _removed, ...rest }) => rest);
  };

  const chooseCsv = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseTopicsCsv(await file.text());
    set("csv", { fileName: file.name, ...parsed }, "topics");
  };

  const submit = () => {
    const result = validateBatchForm(values);
    if (result.ok) {
      setErrors({});
      onNext(result);
      return null;
    }
    setErrors(result.errors);
    return FORM_FIELD_ORDER.find((field) => result.errors[field]) ?? null;
  };

  return { errors, set, chooseCsv, submit };
}
