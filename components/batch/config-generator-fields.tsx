"use client";

import { FormField, SELECT_CLASS } from "@/components/ui/form-field";
import type { ProviderName } from "@/lib/generation/types";
import type { BatchFormErrors, BatchFormValues } from "./batch-form";
import { ModelTemperatureFields } from "./model-temperature-fields";
import type { SetBatchValue } from "./use-config-step";

export interface ProviderChoice {
  /** False when the server has no key for it; the choice is shown but cannot be picked. */
  anthropicAvailable: boolean;
  /** The model the server uses when none is given (ANTHROPIC_MODEL or the provider default). */
  defaultModel?: string;
}

interface ConfigGeneratorFieldsProps extends ProviderChoice {
  values: BatchFormValues;
  errors: BatchFormErrors;
  set: SetBatchValue;
}

/** Which generator writes the conversations: provider, model and temperature. */
export function ConfigGeneratorFields({
  values,
  errors,
  set,
  anthropicAvailable,
  defaultModel,
}: ConfigGeneratorFieldsProps) {
  return (
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
  );
}
