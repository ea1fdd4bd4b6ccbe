"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { apiClient, type APIClient } from "@/lib/api";
import type { CreateBatchInput } from "@/lib/batch/schemas";
import { getUserMessage } from "@/lib/errors";
import { notificationManager } from "@/components/notifications/notification-manager";
import { createBatch } from "./batch-api";
import { EMPTY_FORM, type BatchFormValues } from "./batch-form";
import type { ProviderChoice } from "./config-generator-fields";
import { ConfigStep } from "./config-step";
import { PreviewStep, type GenerationLimits } from "./preview-step";
import { WizardSteps, type WizardStepId } from "./wizard-steps";

interface BatchWizardProps extends ProviderChoice {
  client?: APIClient;
  /** The server's generation limits, for the preview's time floor. */
  limits?: GenerationLimits;
}

/**
 * /batches/new: Configure -> Preview -> Generate. Generate creates the batch, which the
 * server starts and runs by itself, and opens its page to watch it.
 */
export function BatchWizard({ client = apiClient, limits, ...providers }: BatchWizardProps) {
  const router = useRouter();
  const [values, setValues] = React.useState<BatchFormValues>(EMPTY_FORM);
  const [prepared, setPrepared] = React.useState<CreateBatchInput | null>(null);
  const [starting, setStarting] = React.useState(false);
  const [startError, setStartError] = React.useState<string | null>(null);

  const start = async () => {
    if (!prepared || starting) return;
    setStarting(true);
    setStartError(null);
    try {
      const { jobId } = await createBatch(client, prepared);
      // Still "Starting…" until the batch page replaces this one: a second click must not create a second batch.
      router.push(`/batches/${jobId}`);
    } catch (error) {
      setStarting(false);
      setStartError(getUserMessage(error));
      // The toast carries what the inline line cannot: a rate-limit countdown, the field list, View details.
      notificationManager.showError(error, { title: "The batch was not started", onRetry: () => void start() });
    }
  };

  if (prepared) {
    return (
      <WizardFrame step="preview" focusOnMount={false}>
        <PreviewStep
          input={prepared}
          limits={limits}
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
