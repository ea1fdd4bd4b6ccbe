"use client";

import { useId, type ReactNode } from "react";
import { X } from "lucide-react";
import type { ErrorTreatment } from "@/lib/errors";
import { TREATMENT_CLASSES } from "@/lib/notifications/treatments";
import { cn } from "@/lib/utils";

export interface ToastFrameProps {
  treatment: ErrorTreatment;
  title: string;
  /** How many times it happened inside the de-duplication window; shown from 2 on. */
  count?: number;
  /** "alert" for errors, "status" for things that need no urgency (a countdown). */
  role: "alert" | "status";
  onDismiss?: () => void;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

/**
 * The shared shell of the custom toasts: the treatment's colour, a title that names the toast
 * for assistive technology, the repeat counter and a close button.
 */
export function ToastFrame({
  treatment,
  title,
  count = 1,
  role,
  onDismiss,
  children,
  actions,
  testId,
}: ToastFrameProps) {
  const titleId = useId();
  return (
    <div
      role={role}
      aria-labelledby={titleId}
      data-treatment={treatment}
      data-testid={testId}
      className={cn(
        "relative w-[356px] max-w-full rounded-md border p-4 pr-9 text-sm shadow-lg",
        TREATMENT_CLASSES[treatment],
      )}
    >
      <p id={titleId} className="font-semibold">
        {title}
        {count > 1 ? (
          <span
            className="ml-2 rounded bg-black/10 px-1.5 py-0.5 text-xs font-medium dark:bg-white/15"
            aria-label={`happened ${count} times`}
          >
            x{count}
          </span>
        ) : null}
      </p>
      {children ? <div className="mt-1 space-y-1">{children}</div> : null}
      {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions}</div> : null}
      {onDismiss ? (
        <button
          type="button"
          onClick={onDismiss}
          aria-label="Dismiss notification"
          className="absolute top-2 right-2 rounded p-1 opacity-70 outline-none hover:opacity-100 focus-visible:ring-2 focus-visible:ring-current"
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

/** The small buttons inside a toast, readable on every treatment colour. */
export const toastButtonClass =
  "inline-flex h-8 items-center rounded-md border border-current/30 bg-white/70 px-3 text-xs font-medium text-inherit outline-none hover:bg-white focus-visible:ring-2 focus-visible:ring-current dark:bg-black/30 dark:hover:bg-black/50";

/** "Retry" and "View details", each shown only when its callback is given; undefined when neither is. */
export function retryAndDetailsActions({
  onRetry,
  onViewDetails,
}: {
  onRetry?: () => void;
  onViewDetails?: () => void;
}): ReactNode {
  if (!onRetry && !onViewDetails) return undefined;
  return (
    <>
      {onRetry ? (
        <button type="button" className={toastButtonClass} onClick={onRetry}>
          Retry
        </button>
      ) : null}
      {onViewDetails ? (
        <button type="button" className={toastButtonClass} onClick={onViewDetails}>
          View details
        </button>
      ) : null}
    </>
  );
}
