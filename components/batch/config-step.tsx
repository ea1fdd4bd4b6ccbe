"use client";

import * as React from "react";
import { ArrowRight, FileUp } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { BATCH_LIMITS } from "@/lib/batch/schemas";
import type { ProviderName } from "@/lib/generation/types";
import { formatCount, pluralize } from "@/lib/format";
import {
  FORM_FIELD_ORDER,
  selectedTopics,
  validateBatchForm,
  type BatchFormErrors,
  type BatchFormField,
  type BatchFormValues,
  type FormResult,
} from "./batch-form";
import { FormField, SELECT_CLASS, TEXTAREA_CLASS } from "@/components/ui/form-field";
import { ModelTemperatureFields } from "./model-temperature-fields";
import { parseTopicsCsv } from "./parse-topics";

export interface ProviderChoice {
  /** False when the server has no key for it; the choice is shown but cannot be picked. */
  anthropicAvailable: boolean;
  /** The model the server uses when none is given (ANTHROPIC_MODEL or the provider default). */
  defaultModel?: string;
}

interface ConfigStepProps extends ProviderChoice {
  values: BatchFormValues;
  onChange: (values: BatchFormValues) => void;
  onNext: (result: Extract<FormResult, { ok: true }>) => void;
}

const PERSONA_SUGGESTIONS = ["small business owner", "first-time customer", "IT administrator", "student", "retiree"];
const EMOTION_SUGGESTIONS = ["neutral", "frustrated", "confused", "curious", "anxious", "delighted"];

export function ConfigStep({ values, onChange, onNext, anthropicAvailable, defaultModel }: ConfigStepProps) {
  const [errors, setErrors] = React.useState<BatchFormErrors>({});
  const topicCount = selectedTopics(values).length;

  const set = <K extends keyof BatchFormValues>(key: K, value: BatchFormValues[K], field?: BatchFormField) => {
    onChange({ ...values, [key]: value });
    const cleared = field ?? (key as BatchFormField);
    if (errors[cleared]) setErrors(({ [cleared]: _removed, ...rest }) => rest);
  };

  const handleFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const parsed = parseTopicsCsv(await file.text());
    set("csv", { fileName: file.name, ...parsed }, "topics");
  };

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validateBatchForm(values);
    if (result.ok) {
      setErrors({});
      onNext(result);
      return;
    }
    setErrors(result.errors);
    const first = FORM_FIELD_ORDER.find((field) => result.errors[field]);
    if (first) focusField(first, values.source);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-labelledby="config-step-heading" data-testid="config-step">
      <h3 id="config-step-heading" className="sr-only">
        Configure the batch
      </h3>
      <FormField id="name" label="Batch name" optional error={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={values.name}
            maxLength={BATCH_LIMITS.maxNameLength + 50}
            placeholder="e.g. Refund requests, November"
            onChange={(event) => set("name", event.target.value)}
          />
        )}
      </FormField>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Topics</legend>
        <Tabs
          value={values.source}
          onValueChange={(source) => set("source", source === "csv" ? "csv" : "text", "topics")}
        >
          <TabsList aria-label="Where the topics come from">
            <TabsTrigger value="text">Type topics</TabsTrigger>
            <TabsTrigger value="csv">Upload CSV</TabsTrigger>
          </TabsList>
          <TabsContent value="text">
            <FormField
              id="topics"
              label="One topic per line"
              error={values.source === "text" ? errors.topics : undefined}
              hint={`${pluralize(topicCount, "topic")} · at most ${formatCount(BATCH_LIMITS.maxItems)} per batch`}
            >
              {(control) => (
                <textarea
                  {...control}
                  className={TEXTAREA_CLASS}
                  value={values.topicsText}
                  placeholder={"Late delivery refund\nPassword reset\nUpgrade to the annual plan"}
                  onChange={(event) => set("topicsText", event.target.value, "topics")}
                />
              )}
            </FormField>
          </TabsContent>
          <TabsContent value="csv">
            <FormField
              id="topics-csv"
              label="CSV file"
              error={values.source === "csv" ? errors.topics : undefined}
              hint={
                values.csv
                  ? `${values.csv.fileName}: ${pluralize(values.csv.topics.length, "topic")}`
                  : "A header row with a topic column (and optionally persona, emotion, turns), or one topic per row."
              }
            >
              {(control) => (
                <div className="flex items-center gap-3">
                  <FileUp aria-hidden="true" className="size-4 text-muted-foreground" />
                  <Input {...control} type="file" accept=".csv,text/csv" onChange={handleFile} className="cursor-pointer" />
                </div>
              )}
            </FormField>
          </TabsContent>
        </Tabs>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">Every conversation</legend>
        <FormField id="persona" label="Persona" optional error={errors.persona}>
          {(control) => (
            <>
              <Input
                {...control}
                list="persona-suggestions"
                value={values.persona}
                placeholder="small business owner"
                onChange={(event) => set("persona", event.target.value)}
              />
              <datalist id="persona-suggestions">
                {PERSONA_SUGGESTIONS.map((option) => (
                  <option key={option} value={option} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
        <FormField id="emotion" label="Emotion" optional error={errors.emotion}>
          {(control) => (
            <>
              <Input
                {...control}
                list="emotion-suggestions"
                value={values.emotion}
                placeholder="frustrated"
                onChange={(event) => set("emotion", event.target.value)}
              />
              <datalist id="emotion-suggestions">
                {EMOTION_SUGGESTIONS.map((option) => (
                  <option key={option} value={option} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
        <FormField
          id="turns"
          label="Messages"
          optional
          error={errors.turns}
          hint={`${BATCH_LIMITS.minTurns}–${BATCH_LIMITS.maxTurns}, even: user and assistant in pairs`}
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={BATCH_LIMITS.minTurns}
              max={BATCH_LIMITS.maxTurns}
              step={2}
              value={values.turns}
              placeholder="6"
              onChange={(event) => set("turns", event.target.value)}
            />
          )}
        </FormField>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">Generator</legend>
        <FormField
          id="provider"
          label="Provider"
          error={errors.provider}
          hint={anthropicAvailable ? undefined : "Anthropic needs ANTHROPIC_API_KEY on the server."}
        >
          {(control) => (
            <select
              {...control}
              className={SELECT_CLASS}
              value={values.provider}
              onChange={(event) => set("provider", event.target.value as ProviderName)}
            >
              <option value="offline">Offline (built in, deterministic)</option>
              <option value="anthropic" disabled={!anthropicAvailable}>
                Anthropic{anthropicAvailable ? "" : " (not configured)"}
              </option>
            </select>
          )}
        </FormField>
        <ModelTemperatureFields
          provider={values.provider}
          model={values.model}
          temperature={values.temperature}
          errors={errors}
          onChange={set}
          defaultModel={defaultModel}
        />
      </fieldset>

      <div className="flex justify-end">
        <Button type="submit">
          Preview
          <ArrowRight aria-hidden="true" />
        </Button>
      </div>
    </form>
  );
}

function focusField(field: BatchFormField, source: BatchFormValues["source"]): void {
  const id = field === "topics" && source === "csv" ? "topics-csv" : field;
  document.getElementById(id)?.focus();
}
