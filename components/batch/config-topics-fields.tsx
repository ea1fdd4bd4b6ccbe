"use client";

import { FileUp } from "lucide-react";
import { FormField, TEXTAREA_CLASS } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { BATCH_LIMITS } from "@/lib/batch/schemas";
import { formatCount, pluralize } from "@/lib/format";
import { selectedTopics, type BatchFormValues } from "./batch-form";
import type { SetBatchValue } from "./use-config-step";

interface ConfigTopicsFieldsProps {
  values: BatchFormValues;
  error: string | undefined;
  set: SetBatchValue;
  onCsvChosen: (file: File | undefined) => void;
}

/** The topics, typed one per line or read from a CSV; the tab picks which one the batch uses. */
export function ConfigTopicsFields({ values, error, set, onCsvChosen }: ConfigTopicsFieldsProps) {
  const topicCount = selectedTopics(values).length;
  return (
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
            error={values.source === "text" ? error : undefined}
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
            error={values.source === "csv" ? error : undefined}
            hint={
              values.csv
                ? `${values.csv.fileName}: ${pluralize(values.csv.topics.length, "topic")}`
                : "A header row with a topic column (and optionally persona, emotion, turns), or one topic per row."
            }
          >
            {(control) => (
              <div className="flex items-center gap-3">
                <FileUp aria-hidden="true" className="size-4 text-muted-foreground" />
                <Input
                  {...control}
                  type="file"
                  accept=".csv,text/csv"
                  onChange={(event) => onCsvChosen(event.target.files?.[0])}
                  className="cursor-pointer"
                />
              </div>
            )}
          </FormField>
        </TabsContent>
      </Tabs>
    </fieldset>
  );
}
