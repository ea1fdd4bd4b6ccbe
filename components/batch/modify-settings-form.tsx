"use client";

import * as React from "react";
import { ArrowLeft, Play } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { batchConfigSchema, type BatchConfigInput } from "@/lib/batch/schemas";
import type { IncompleteBatch } from "@/lib/batch/types";
import type { ProviderName } from "@/lib/generation/types";
import { formatCount, formatDateTime } from "@/lib/format";
import { diffConfigs } from "./config-diff";
import { FormField, SELECT_CLASS } from "@/components/ui/form-field";
import { ModelTemperatureFields } from "./model-temperature-fields";

type Field = "provider" | "model" | "temperature";

interface ModifySettingsFormProps {
  batch: IncompleteBatch;
  saving: boolean;
  /** A failure from the server (PATCH), shown above the buttons. */
  error: string | null;
  /** Field errors the server named. */
  serverFieldErrors?: Partial<Record<Field, string>>;
  onCancel: () => void;
  onSave: (config: BatchConfigInput) => void;
}

function draftFrom(batch: IncompleteBatch) {
  return {
    provider: (batch.config.provider ?? "offline") as ProviderName,
    model: batch.config.model ?? "",
    temperature: batch.config.temperature === undefined ? "" : String(batch.config.temperature),
  };
}

/** The draft as a config (empty fields left out), before validation. */
function candidate(draft: ReturnType<typeof draftFrom>): Record<string, unknown> {
  const config: Record<string, unknown> = { provider: draft.provider };
  if (draft.provider !== "offline" && draft.model.trim() !== "") config.model = draft.model.trim();
  if (draft.temperature.trim() !== "") {
    const value = Number(draft.temperature);
    config.temperature = Number.isNaN(value) ? draft.temperature : value;
  }
  return config;
}

export function ModifySettingsForm({
  batch,
  saving,
  error,
  serverFieldErrors,
  onCancel,
  onSave,
}: ModifySettingsFormProps) {
  const [draft, setDraft] = React.useState(() => draftFrom(batch));
  const [errors, setErrors] = React.useState<Partial<Record<Field, string>>>({});
  const shown = { ...serverFieldErrors, ...errors };

  const parsed = batchConfigSchema.safeParse(candidate(draft));
  // The live comparison uses what would be saved; while a field is invalid it shows the typed text.
  const rows = diffConfigs(batch.config, parsed.success ? parsed.data : (candidate(draft) as BatchConfigInput));
  const changed = rows.some((row) => row.changed);
  const lastChange = batch.configHistory.at(-1);

  const update = (field: Field, value: string) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _removed, ...rest }) => rest);
  };

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === "provider" || key === "model" || key === "temperature") && !next[key]) next[key] = issue.message;
      }
      setErrors(next);
      const first = (["provider", "model", "temperature"] as const).find((field) => next[field]);
      if (first) document.getElementById(`modify-${first}`)?.focus();
      return;
    }
    onSave(parsed.data);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="modify-settings" aria-label="Modify settings">
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField
          id="modify-provider"
          label="Provider"
          error={shown.provider}
          hint="Anthropic runs only where the server has an API key."
        >
          {(control) => (
            <select
              {...control}
              className={SELECT_CLASS}
              value={draft.provider}
              onChange={(event) => update("provider", event.target.value)}
            >
              <option value="offline">Offline</option>
              <option value="anthropic">Anthropic</option>
            </select>
          )}
        </FormField>
        <ModelTemperatureFields
          idPrefix="modify-"
          provider={draft.provider}
          model={draft.model}
          temperature={draft.temperature}
          errors={shown}
          onChange={update}
          temperatureHint="0 to 1"
        />
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold" id="config-diff-heading">
          What changes
        </h3>
        <div className="rounded-lg border">
          <Table aria-labelledby="config-diff-heading" data-testid="config-diff">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col">Setting</TableHead>
                <TableHead scope="col">
                  Finished items ({formatCount(batch.progress.completedItems)}) were made with
                </TableHead>
                <TableHead scope="col">Remaining items will use</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.key} data-changed={row.changed} data-testid={`diff-${row.key}`}>
                  <TableHead scope="row" className="font-medium text-foreground">
                    {row.label}
                  </TableHead>
                  <TableCell className={row.changed ? "text-muted-foreground line-through" : undefined}>
                    {row.before}
                  </TableCell>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      {row.value}
                      {row.changed ? <Badge variant="warning">Changed</Badge> : null}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {lastChange ? (
          <p className="text-xs text-muted-foreground">
            The settings were already changed on {formatDateTime(lastChange.replacedAt)}: the first{" "}
            {formatCount(lastChange.completedItems)} finished items were made with earlier settings.
          </p>
        ) : null}
        {!changed ? (
          <p className="text-xs text-muted-foreground">Nothing changed yet: resuming keeps the same settings.</p>
        ) : null}
      </div>

      {error ? (
        <Alert variant="destructive">
          <AlertDescription>
            <p>{error}</p>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={onCancel} disabled={saving}>
          <ArrowLeft aria-hidden="true" />
          Back
        </Button>
        <Button type="submit" disabled={saving} data-testid="save-and-resume">
          <Play aria-hidden="true" />
          {saving ? "Saving…" : "Save and resume"}
        </Button>
      </div>
    </form>
  );
}
