import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";

interface ModelTemperatureFieldsProps {
  /** Prefixes the control ids ("" in the wizard, "modify-" in the resume dialog): both can be on one page. */
  idPrefix?: string;
  provider: string;
  model: string;
  temperature: string;
  errors: { model?: string; temperature?: string };
  onChange: (field: "model" | "temperature", value: string) => void;
  /** What an empty model means for this provider. */
  defaultModel?: string;
  temperatureHint?: string;
}

/** The model and temperature of a batch's config, as the wizard and "Modify settings" both edit them. */
export function ModelTemperatureFields({
  idPrefix = "",
  provider,
  model,
  temperature,
  errors,
  onChange,
  defaultModel,
  temperatureHint = "0 (focused) to 1 (varied)",
}: ModelTemperatureFieldsProps) {
  const offline = provider === "offline";
  return (
    <>
      <FormField id={`${idPrefix}model`} label="Model" optional error={errors.model}>
        {(control) => (
          <Input
            {...control}
            value={model}
            disabled={offline}
            placeholder={offline ? "Not used offline" : (defaultModel ?? "Provider default")}
            onChange={(event) => onChange("model", event.target.value)}
          />
        )}
      </FormField>
      <FormField
        id={`${idPrefix}temperature`}
        label="Temperature"
        optional
        error={errors.temperature}
        hint={temperatureHint}
      >
        {(control) => (
          <Input
            {...control}
            type="number"
            inputMode="decimal"
            min={0}
            max={1}
            step={0.1}
            value={temperature}
            placeholder="0.7"
            onChange={(event) => onChange("temperature", event.target.value)}
          />
        )}
      </FormField>
    </>
  );
}
