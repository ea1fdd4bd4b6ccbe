"use client";

import type { FieldErrors } from "@/lib/errors";
import { ToastFrame, retryAndDetailsActions } from "./toast-frame";

export interface ValidationErrorToastProps {
  /** What did or did not happen; defaults to "Check what you entered". */
  title?: string;
  message: string;
  subject?: string;
  /** Field name -> what is wrong with it, from our own schemas (never user text). */
  fieldErrors: FieldErrors;
  count?: number;
  onDismiss?: () => void;
  onViewDetails?: () => void;
}

/** Input that breaks a rule: a permanent, red toast listing every field that needs fixing. */
export function ValidationErrorToast({
  title = "Check what you entered",
  message,
  subject,
  fieldErrors,
  count,
  onDismiss,
  onViewDetails,
}: ValidationErrorToastProps) {
  const fields = Object.entries(fieldErrors).filter(([, problems]) => problems.length > 0);
  return (
    <ToastFrame
      treatment="permanent"
      role="alert"
      title={title}
      count={count}
      onDismiss={onDismiss}
      testId="validation-error-toast"
      actions={retryAndDetailsActions({ onViewDetails })}
    >
      <p>{message}</p>
      {subject ? <p className="opacity-80">{subject}</p> : null}
      {fields.length > 0 ? (
        <ul aria-label="Fields to fix" className="list-disc space-y-0.5 pl-5">
          {fields.map(([field, problems]) => (
            <li key={field}>
              <span className="font-medium">{field}</span>: {problems.join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
    </ToastFrame>
  );
}
