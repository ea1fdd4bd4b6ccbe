"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { apiClient, type APIClient } from "@/lib/api";
import type { CreateBatchInput } from "@/lib/batch/schemas";
import type { CreateBatchResult } from "@/lib/batch/types";
import { getUserMessage } from "@/lib/errors";
import { createBatch } from "./batch-api";
import { EMPTY_FORM, type BatchFormValues } from "./batch-form";
import { BatchRunView, isRunSummary } from "./batch-run-view";
import { ConfigStep, type ProviderChoice } from "./config-step";
import { PreviewStep } from "./preview-step";
import { useBatchRunner } from "./use-batch-runner";
import { WizardSteps, type WizardStepId } from "./wizard-steps";
import { notificationManager } from "@/lib/notifications/manager";

interface BatchWizardProps extends ProviderChoice {
  client?: APIClient;
}

/** /batches/new: Configure -> Preview -> Generate -> Summary, all in this tab. */
export function BatchWizard({ client = apiClient, ...providers }: BatchWizardProps) {
  const router = useRouter();
  const [values, setValues] = React.useState<BatchFormValues>(EMPTY_FORM);
  const [prepared, setPrepared] = React.useState<CreateBatchInput | null>(null);
  const [job, setJob] = React.useState<CreateBatchResult | null>(null);
  const [starting, setStarting] = React.useState(false);
  const [startError, setStartError] = React.useState<string | null>(null);

  const start = async () => {
    if (!prepared || starting) return;
    setStarting(true);
    setStartError(null);
    try {
      setJob(await createBatch(client, prepared));
      // The batches list below the wizard is server-rendered: show the new batch in it.
      router.refresh();
    } catch (error) {
      setStartError(getUserMessage(error));
      // The toast carries what the inline line cannot: a rate-limit countdown, the field list, View details.
      notificationManager.showError(error, { title: "The batch was not started", onRetry: () => void start() });
    } finally {
      setStarting(false);
    }
  };

  const reset = () => {
    setJob(null);
    setPrepared(null);
    setValues(EMPTY_FORM);
    router.refresh();
  };

  if (job) {
    return <WizardRun key={job.jobId} jobId={job.jobId} client={client} onNewBatch={reset} />;
  }
  if (prepared) {
    return (
      <WizardFrame step="preview" focusOnMount={false}>
        <PreviewStep
          input={prepared}
          starting={starting}
          error={startError}
          onBack={() => {
            setPrepared(null);
            setStartError(null);
          }}
          onStart={start}
        />
      </WizardFrame>
    );
  }
  return (
    <WizardFrame step="config" focusOnMount={false}>
      <ConfigStep {...providers} values={values} onChange={setValues} onNext={(result) => setPrepared(result.input)} />
    </WizardFrame>
  );
}

function WizardRun({ jobId, client, onNewBatch }: { jobId: string; client: APIClient; onNewBatch: () => void }) {
  const router = useRouter();
  const runner = useBatchRunner({ jobId, client, autoStart: true });
  const summary = isRunSummary(runner);
  React.useEffect(() => {
    // Refresh the list's status and counters once the batch is done.
    if (summary) router.refresh();
  }, [summary, router]);
  return (
    <WizardFrame step={summary ? "summary" : "progress"}>
      <BatchRunView runner={runner} />
      {summary ? (
        <div className="flex justify-end pt-4">
          <Button type="button" variant="outline" onClick={onNewBatch}>
            <Plus aria-hidden="true" />
            Start another batch
          </Button>
        </div>
      ) : null}
    </WizardFrame>
  );
}

/**
 * The step list above each step. When the step changes, focus moves to the new step so
 * keyboard and screen-reader users continue there instead of on a button that vanished.
 */
function WizardFrame({
  step,
  focusOnMount = true,
  children,
}: {
  step: WizardStepId;
  focusOnMount?: boolean;
  children: React.ReactNode;
}) {
  const region = React.useRef<HTMLDivElement>(null);
  const lastStep = React.useRef<WizardStepId | null>(focusOnMount ? null : step);
  React.useEffect(() => {
    if (lastStep.current === step) return;
    lastStep.current = step;
    region.current?.focus();
  }, [step]);
  return (
    <div className="space-y-6" data-testid="batch-wizard" data-step={step}>
      <WizardSteps current={step} />
      <div ref={region} tabIndex={-1} className="outline-none">
        {children}
      </div>
    </div>
  );
}
