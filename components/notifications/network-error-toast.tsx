"use client";

import type { ErrorTreatment } from "@/lib/errors";
import { ToastFrame, retryAndDetailsActions } from "./toast-frame";

export interface NetworkErrorToastProps {
  /** What did or did not happen; defaults to "Connection problem". */
  title?: string;
  message: string;
  subject?: string;
  count?: number;
  treatment?: ErrorTreatment;
  onRetry?: () => void;
  onDismiss?: () => void;
  onViewDetails?: () => void;
}

/** The request never got an answer (offline, timeout, reset): say so and offer Retry. */
export function NetworkErrorToast({
  title = "Connection problem",
  message,
  subject,
  count,
  treatment = "temporary",
  onRetry,
  onDismiss,
  onViewDetails,
}: NetworkErrorToastProps) {
  return (
    <ToastFrame
      treatment={treatment}
      role="alert"
      title={title}
      count={count}
      onDismiss={onDismiss}
      testId="network-error-toast"
      actions={retryAndDetailsActions({ onRetry, onViewDetails })}
    >
      <p>{message}</p>
      {subject ? <p className="opacity-80">{subject}</p> : null}
    </ToastFrame>
  );
}
