/**
 * The three ways an error is presented (the product requirement, exactly):
 * - temporary (network, timeout, server hiccup, anything retryable): orange/yellow, gone after 5 s;
 * - permanent (validation, constraint, not found, permission): red, stays until the user closes it;
 * - action required (rate limit): blue, carries an action button and stays until acted on.
 */
import { config } from "@/lib/config";
import { getErrorTreatment, type ErrorTreatment } from "@/lib/errors";

export type ToastTone = "success" | "info" | "warning" | "error";

export interface Treatment {
  treatment: ErrorTreatment;
  /** Sonner's colour for plain toasts: warning is yellow/orange, error red, info blue. */
  tone: ToastTone;
  /** Milliseconds before the toast closes itself; Infinity = until dismissed. */
  durationMs: number;
  /** Whether a permanent error is also read out by the assertive live region. */
  assertive: boolean;
}

export const TREATMENTS: Record<ErrorTreatment, Treatment> = {
  temporary: {
    treatment: "temporary",
    tone: "warning",
    durationMs: config.notifications.temporaryToastMs,
    assertive: false,
  },
  permanent: { treatment: "permanent", tone: "error", durationMs: Number.POSITIVE_INFINITY, assertive: true },
  action_required: {
    treatment: "action_required",
    tone: "info",
    durationMs: Number.POSITIVE_INFINITY,
    assertive: false,
  },
};

export function treatmentFor(error: unknown): Treatment {
  return TREATMENTS[getErrorTreatment(error)];
}

/** Tailwind classes for the custom toasts, matching the treatment's colour. */
export const TREATMENT_CLASSES: Record<ErrorTreatment, string> = {
  temporary: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50",
  permanent: "border-red-300 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50",
  action_required: "border-blue-300 bg-blue-50 text-blue-950 dark:border-blue-700 dark:bg-blue-950 dark:text-blue-50",
};
