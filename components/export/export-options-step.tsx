"use client";

import * as React from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField, TEXTAREA_CLASS } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { RadioGroupField } from "@/components/ui/radio-group-field";
import { formatCount } from "@/lib/format";
import { cn } from "@/lib/utils";
import {
  FORMAT_CHOICES,
  SPLIT_PERCENT_MAX,
  SPLIT_PERCENT_MIN,
  SYSTEM_PROMPT_MAX,
  type ExportFormErrors,
  type ExportFormState,
} from "./export-form";

interface ExportOptionsStepProps {
  form: ExportFormState;
  errors: ExportFormErrors;
  disabled: boolean;
  onChange: (patch: Partial<ExportFormState>) => void;
}

/** Format, system prompt and split: the fields of the export, checked when the user presses Check. */
export function ExportOptionsStep({ form, errors, disabled, onChange }: ExportOptionsStepProps) {
  const remaining = SYSTEM_PROMPT_MAX - form.systemPrompt.length;
  return (
    <div className="grid gap-5">
      <RadioGroupField
        name="export-format"
        legend="Format"
        options={FORMAT_CHOICES}
        value={form.format}
        onChange={(format) => onChange({ format })}
        disabled={disabled}
      />

      <FormField
        id="export-system-prompt"
        label="System prompt"
        optional
        error={errors.systemPrompt}
        hint={
          <span className="tabular-nums">
            Added as the first message of every example. {formatCount(Math.max(remaining, 0))} of{" "}
            {formatCount(SYSTEM_PROMPT_MAX)} characters left.
          </span>
        }
      >
        {(control) => (
          <textarea
            {...control}
            value={form.systemPrompt}
            maxLength={SYSTEM_PROMPT_MAX}
            disabled={disabled}
            onChange={(event) => onChange({ systemPrompt: event.target.value })}
            placeholder="You are a helpful customer support agent."
            className={cn(TEXTAREA_CLASS, "min-h-20 font-sans")}
          />
        )}
      </FormField>

      <fieldset className="grid gap-3 rounded-md border p-3" disabled={disabled}>
        <legend className="sr-only">Validation split</legend>
        <div className="flex items-start gap-3">
          <Checkbox
            id="export-split"
            checked={form.split}
            disabled={disabled}
            onCheckedChange={(checked) => onChange({ split: checked === true })}
            aria-describedby="export-split-hint"
            className="mt-0.5"
          />
          <div className="grid gap-1">
            <label htmlFor="export-split" className="cursor-pointer text-sm font-medium leading-none">
              Hold out a validation set
            </label>
            <p id="export-split-hint" className="text-xs text-muted-foreground">
              Downloads a .zip with train.jsonl, validation.jsonl and a README dataset card, split evenly across
              batches.
            </p>
          </div>
        </div>
        {form.split && (
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField
              id="export-split-percent"
              label="Validation share (%)"
              error={errors.percent}
              hint={`${SPLIT_PERCENT_MIN} to ${SPLIT_PERCENT_MAX}.`}
            >
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={SPLIT_PERCENT_MIN}
                  max={SPLIT_PERCENT_MAX}
                  step={1}
                  value={form.percent}
                  onChange={(event) => onChange({ percent: event.target.value })}
                  className="tabular-nums"
                />
              )}
            </FormField>
            <FormField
              id="export-split-seed"
              label="Seed"
              error={errors.seed}
              hint="The same seed gives the same split."
            >
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  value={form.seed}
                  onChange={(event) => onChange({ seed: event.target.value })}
                  className="tabular-nums"
                />
              )}
            </FormField>
          </div>
        )}
      </fieldset>
    </div>
  );
}
