"use client";

import * as React from "react";
import type { APIClient } from "@/lib/api";
import type { BatchDetails } from "@/lib/batch/types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { BatchRunView } from "./batch-run-view";
import { clearResumeRequest, useResumeRequested } from "./resume-intent";
import { useBatchRunner } from "./use-batch-runner";

/**
 * A batch's page body: its live progress or its summary. It starts generating only when
 * the resume dialog sent the user here (or they press Resume), never on a plain visit or
 * reload, so a reload always goes through the dialog.
 */
export function BatchDetail({ initial, client }: { initial: BatchDetails; client?: APIClient }) {
  const jobId = initial.job.id;
  const runner = useBatchRunner({ jobId, initial, client });
  const requested = useResumeRequested(jobId);
  const { start } = runner;

  React.useEffect(() => {
    if (!requested) return;
    clearResumeRequest(jobId);
    start();
  }, [requested, jobId, start]);

  if (runner.details?.job.status === "cancelled") {
    return (
      <Alert variant="warning">
        <AlertTitle>This batch was discarded</AlertTitle>
        <AlertDescription>
          <p>Its finished conversations are kept in Conversations; the other items will not be generated.</p>
        </AlertDescription>
      </Alert>
    );
  }
  return <BatchRunView runner={runner} />;
}
