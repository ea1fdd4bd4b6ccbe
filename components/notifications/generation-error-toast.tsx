"use client";

import type { ErrorTreatment } from "@/lib/errors";
import { ToastFrame, retryAndDetailsActions } from "./toast-frame";

export interface GenerationErrorToastProps {
  /** What did or did not happen; defaults to "Generation failed". */
  title?: string;
  message: string;
  /** The error code support and the details modal refer to, e.g. ERR_GEN_TIMEOUT. */
  code: string;
  subject?: string;
  count?: number;
  treatment?: ErrorTreatment;
  onRetry?: () => void;
  onDismiss?: () => void;
  onViewDetails?: () => void;
}

/** The AI provider could not produce a conversation: what happened, its code, and the details one click away. */
export function GenerationErrorToast({
  title = "Generation failed",
  message,
  code,
  subject,
  count,
  treatment = "temporary",
  onRetry,
  onDismiss,
  onViewDetails,
}: GenerationErrorToastProps) {
  return (
    <ToastFrame
      treatment={treatment}
      role="alert"
      title={title}
      count={count}
      onDismiss={onDismiss}
      testId="generation-error-toast"
      actions={retryAndDetailsActions({ onRetry, onViewDetails })}
    >
      <p>{message}</p>
      {subject ? <p className="opacity-80">{subject}</p> : null}
      <p className="font-mono text-xs opacity-80">
        Code: <span>{code}</span>
      </p>
    </ToastFrame>
  );
}
