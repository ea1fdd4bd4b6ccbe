"use client";

import * as React from "react";
import { ArrowRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { BATCH_LIMITS } from "@/lib/batch/schemas";
import type { BatchFormField, BatchFormValues, FormResult } from "./batch-form";
import { ConfigConversationFields } from "./config-conversation-fields";
import { ConfigGeneratorFields, type ProviderChoice } from "./config-generator-fields";
import { ConfigTopicsFields } from "./config-topics-fields";
import { useConfigStep } from "./use-config-step";

interface ConfigStepProps extends ProviderChoice {
  values: BatchFormValues;
  onChange: (values: BatchFormValues) => void;
  onNext: (result: Extract<FormResult, { ok: true }>) => void;
}

/** The wizard's Configure step: name, topics, every conversation's defaults, the generator; Preview checks them all. */
export function ConfigStep({ values, onChange, onNext, anthropicAvailable, defaultModel }: ConfigStepProps) {
  const { errors, set, chooseCsv, submit } = useConfigStep({ values, onChange, onNext });

  const handleSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const first = submit();
    if (first) focusField(first, values.source);
  };

  return (
    <form
      onSubmit={handleSubmit}
      noValidate
      className="space-y-6"
      aria-labelledby="config-step-heading"
      data-testid="config-step"
    >
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
      <ConfigTopicsFields
        values={values}
        error={errors.topics}
        set={set}
        onCsvChosen={(file) => void chooseCsv(file)}
      />
      <ConfigConversationFields values={values} errors={errors} set={set} />
      <ConfigGeneratorFields
        values={values}
        errors={errors}
        set={set}
        anthropicAvailable={anthropicAvailable}
        defaultModel={defaultModel}
      />
      <div className="flex justify-end">
        <Button type="submit">
          Preview
          <ArrowRight aria-hidden="true" />
        </Button>
      </div>
    </form>
  );
}

/** The first field to fix takes focus, so its message is read with it (aria-describedby). */
function focusField(field: BatchFormField, source: BatchFormValues["source"]): void {
  const id = field === "topics" && source === "csv" ? "topics-csv" : field;
  document.getElementById(id)?.focus();
}
