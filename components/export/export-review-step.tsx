"use client";

import * as React from "react";
import Link from "next/link";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import type { ExportFormat, ExportPreview, ExportProblem } from "@/lib/export/types";
import { formatCount, pluralize } from "@/lib/format";
import { PROBLEM_LABELS } from "./export-form";

interface ExportReviewStepProps {
  preview: ExportPreview;
  format: ExportFormat;
  excludeProblems: boolean;
  checking: boolean;
  disabled: boolean;
  onExcludeProblemsChange: (exclude: boolean) => void;
}

/** The pre-flight report: what would be written, and every problem with the conversation it is in. */
export function ExportReviewStep({
  preview,
  format,
  excludeProblems,
  checking,
  disabled,
  onExcludeProblemsChange,
}: ExportReviewStepProps) {
  const skips = preview.problems.filter((problem) => problem.kind === "not_single_turn");
  const problems = preview.problems.filter((problem) => problem.kind !== "not_single_turn");
  const listed = preview.problems.length;
  const { turnsPerExample: turns } = preview;

  return (
    <div className="grid gap-4" aria-busy={checking} data-testid="export-review">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="export-summary">
        <Stat label="Examples" value={formatCount(preview.examples)} testId="export-examples" />
        <Stat
          label="Turns per example"
          value={preview.examples > 0 ? `${turns.min} / ${turns.median} / ${turns.max}` : "—"}
          note="min / median / max"
          testId="export-turns"
        />
        <Stat label="Estimated tokens" value={`≈ ${formatCount(preview.estimatedTokens)}`} testId="export-tokens" />
        <Stat
          label="Split"
          value={
            preview.split ? `${formatCount(preview.split.train)} / ${formatCount(preview.split.validation)}` : "None"
          }
          note={preview.split ? "train / validation" : "one .jsonl file"}
          testId="export-split-counts"
        />
      </dl>
      <p className="text-xs text-muted-foreground">
        From {pluralize(preview.conversations, "conversation")} selected.
        {preview.examples === 0 ? " Nothing would be written: change the format or the selection." : null}
      </p>

      {preview.problemCount === 0 ? (
        <Alert variant="success">
          <CheckCircle2 aria-hidden="true" />
          <AlertTitle>No problems found</AlertTitle>
        </Alert>
      ) : (
        <section aria-labelledby="export-problems-heading" className="grid gap-3">
          <h3 id="export-problems-heading" className="flex items-center gap-2 text-sm font-medium">
            <AlertTriangle aria-hidden="true" className="size-4 text-warning" />
            {pluralize(preview.problemCount, "problem")} found
            {listed < preview.problemCount ? (
              <span className="font-normal text-muted-foreground">(the first {formatCount(listed)} listed)</span>
            ) : null}
          </h3>
          {problems.length > 0 && (
            <>
              <div className="flex items-start gap-3 rounded-md border p-3">
                <Checkbox
                  id="export-exclude-problems"
                  checked={excludeProblems}
                  disabled={disabled}
                  onCheckedChange={(checked) => onExcludeProblemsChange(checked === true)}
                  aria-describedby="export-exclude-problems-hint"
                  className="mt-0.5"
                />
                <div className="grid gap-1">
                  <label htmlFor="export-exclude-problems" className="cursor-pointer text-sm font-medium leading-none">
                    Leave out conversations with problems
                  </label>
                  <p id="export-exclude-problems-hint" className="text-xs text-muted-foreground">
                    {excludeProblems
                      ? "They are not in the counts above."
                      : "They are written as they are; the counts above include them."}
                  </p>
                </div>
              </div>
              <ProblemList problems={problems} testId="export-problems" />
            </>
          )}
          {format === "alpaca" && skips.length > 0 && (
            <div className="grid gap-2">
              <h4 className="text-sm font-medium">Skipped: alpaca holds single-turn conversations only</h4>
              <ProblemList problems={skips} testId="export-skips" />
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function Stat({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div className="rounded-md border p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {note ? <dd className="text-xs text-muted-foreground">{note}</dd> : null}
    </div>
  );
}

function ProblemList({ problems, testId }: { problems: readonly ExportProblem[]; testId: string }) {
  return (
    <ul className="max-h-56 divide-y overflow-y-auto rounded-md border text-sm" data-testid={testId}>
      {problems.map((problem, index) => (
        <li
          key={`${problem.conversationId}-${problem.kind}-${index}`}
          className="grid gap-0.5 px-3 py-2"
          data-testid="export-problem"
        >
          <span className="flex flex-wrap items-baseline gap-x-2">
            <span className="text-xs font-medium text-muted-foreground">{PROBLEM_LABELS[problem.kind]}</span>
            <Link
              href={`/conversations/${encodeURIComponent(problem.conversationId)}`}
              className="font-medium underline underline-offset-4 hover:text-primary"
            >
              {problem.title || "Untitled conversation"}
            </Link>
          </span>
          <span className="text-muted-foreground">{problem.message}</span>
        </li>
      ))}
    </ul>
  );
}
