"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { BATCH_LIMITS } from "@/lib/batch/schemas";
import type { BatchFormErrors, BatchFormValues } from "./batch-form";
import type { SetBatchValue } from "./use-config-step";

const PERSONA_SUGGESTIONS = ["small business owner", "first-time customer", "IT administrator", "student", "retiree"];
const EMOTION_SUGGESTIONS = ["neutral", "frustrated", "confused", "curious", "anxious", "delighted"];

interface ConfigConversationFieldsProps {
  values: BatchFormValues;
  errors: BatchFormErrors;
  set: SetBatchValue;
}

/** What every conversation of the batch gets unless its CSV row says otherwise: persona, emotion, length. */
export function ConfigConversationFields({ values, errors, set }: ConfigConversationFieldsProps) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-3">
      <legend className="mb-2 text-sm font-medium">Every conversation</legend>
      <SuggestedTextField
        id="persona"
        label="Persona"
        value={values.persona}
        error={errors.persona}
        placeholder="small business owner"
        suggestions={PERSONA_SUGGESTIONS}
        onChange={(value) => set("persona", value)}
      />
      <SuggestedTextField
        id="emotion"
        label="Emotion"
        value={values.emotion}
        error={errors.emotion}
        placeholder="frustrated"
        suggestions={EMOTION_SUGGESTIONS}
        onChange={(value) => set("emotion", value)}
      />
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
  );
}

interface SuggestedTextFieldProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  placeholder: string;
  suggestions: readonly string[];
  onChange: (value: string) => void;
}

/** Free text with the usual values offered as suggestions (a datalist), optional. */
function SuggestedTextField({ id, label, value, error, placeholder, suggestions, onChange }: SuggestedTextFieldProps) {
  const listId = `${id}-suggestions`;
  return (
    <FormField id={id} label={label} optional error={error}>
      {(control) => (
        <>
          <Input
            {...control}
            list={listId}
            value={value}
            placeholder={placeholder}
            onChange={(event) => onChange(event.target.value)}
          />
          <datalist id={listId}>
            {suggestions.map((option) => (
              <option key={option} value={option} />
            ))}
          </datalist>
        </>
      )}
    </FormField>
  );
}
