"use client";

import { ArrowLeft, Clock, Play } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { config } from "@/lib/config";
import type { CreateBatchInput } from "@/lib/batch/schemas";
import { formatCount, pluralize } from "@/lib/format";
import { formatDuration, minimumDurationMs } from "./batch-time";
import { describeConfig } from "./config-diff";

/** The server's generation budget, shared by every batch of the deployment. */
export interface GenerationLimits {
  ratePerMinute: number;
  maxInFlight: number;
}

const DEFAULT_LIMITS: GenerationLimits = {
  ratePerMinute: config.batch.ratePerMinute,
  maxInFlight: config.batch.maxInFlight,
};

interface PreviewStepProps {
  input: CreateBatchInput;
  limits?: GenerationLimits;
  onBack: () => void;
  onStart: () => void;
  starting: boolean;
  /** Why the server refused the batch, when it did. */
  error?: string | null;
}

/** What the rate limit alone costs, in words: a floor, since generation time comes on top. */
export function rateLimitEstimate(items: number, limits: GenerationLimits = DEFAULT_LIMITS): string {
  const floor = minimumDurationMs(items, { maxRequests: limits.ratePerMinute, windowMs: 60_000 });
  const described = `at most ${formatCount(limits.ratePerMinute)} generations a minute, ${formatCount(limits.maxInFlight)} at a time`;
  if (floor === 0) {
    return `${pluralize(items, "conversation")} fit within the rate limit (${described}): no waiting for it; the total depends on how fast the generator answers.`;
  }
  return `At least ${formatDuration(floor)} at the rate limit (${described}), plus the generator's own time.`;
}

export function PreviewStep({ input, limits, onBack, onStart, starting, error }: PreviewStepProps) {
  const items = input.items;
  const settings = describeConfig(input.config ?? {});
  return (
    <section className="space-y-5" aria-labelledby="preview-step-heading" data-testid="preview-step">
      <div className="space-y-1">
        <h3 id="preview-step-heading" className="text-lg font-semibold">
          {input.name ? input.name : "Untitled batch"}: {pluralize(items.length, "conversation")}
        </h3>
        <p className="text-sm text-muted-foreground">
          {settings.map((entry) => `${entry.label}: ${entry.value}`).join(" · ")}
        </p>
      </div>

      <Alert variant="info">
        <Clock aria-hidden="true" />
        <AlertTitle>Estimated time</AlertTitle>
        <AlertDescription>
          <p data-testid="preview-estimate">{rateLimitEstimate(items.length, limits)}</p>
          <p>
            The server generates the batch and saves every conversation as it finishes: you can close this tab, and
            pause or resume it from its page.
          </p>
        </AlertDescription>
      </Alert>

      <div className="rounded-lg border bg-card">
        {/* Focusable so the list scrolls from the keyboard (axe: scrollable-region-focusable). */}
        <div
          role="region"
          aria-label="Items to generate"
          tabIndex={0}
          className="max-h-96 overflow-auto rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Table data-testid="preview-items">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col" className="w-12 text-right">
                  #
                </TableHead>
                <TableHead scope="col">Topic</TableHead>
                <TableHead scope="col">Persona</TableHead>
                <TableHead scope="col">Emotion</TableHead>
                <TableHead scope="col" className="text-right">
                  Messages
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item, index) => (
                <TableRow key={index} data-testid="preview-item">
                  <TableCell className="text-right text-muted-foreground tabular-nums">{index + 1}</TableCell>
                  <TableCell className="max-w-md break-words">{item.topic}</TableCell>
                  <TableCell>{item.parameters?.persona ?? "—"}</TableCell>
                  <TableCell>{item.parameters?.emotion ?? "—"}</TableCell>
                  <TableCell className="text-right tabular-nums">{item.parameters?.turns ?? "Default"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </div>

      {error ? (
        <Alert variant="destructive">
          <AlertTitle>The batch was not created</AlertTitle>
          <AlertDescription>
            <p>{error}</p>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <Button type="button" variant="outline" onClick={onBack} disabled={starting}>
          <ArrowLeft aria-hidden="true" />
          Back to settings
        </Button>
        <Button type="button" onClick={onStart} disabled={starting} data-testid="start-batch">
          <Play aria-hidden="true" />
          {starting ? "Starting…" : `Start batch (${formatCount(items.length)})`}
        </Button>
      </div>
    </section>
  );
}
