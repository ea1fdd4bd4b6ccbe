/**
 * The NotificationManager: the one way the app shows toasts. It picks the toast for an error
 * (rate limit, network, validation, generation, anything else), applies the three treatments
 * (see ./treatments), collapses repeats into one toast with a counter, shares the rate-limit
 * countdown with every tab and holds the API client's requests while it runs.
 *
 * It lives beside the toast components it renders (imports run app -> components -> lib);
 * the parts that render nothing (de-duplication, treatments, the shared countdown, the
 * Sonner adapter) stay in lib/notifications.
 */
import { createElement, type ReactElement } from "react";
import { apiClient } from "@/lib/api/client";
import { config } from "@/lib/config";
import {
  APIError,
  GenerationError,
  ValidationError,
  categorizeError,
  getUserMessage,
  sanitizeString,
  toAppError,
  type AppError,
  type ErrorCategory,
  type FieldErrors,
} from "@/lib/errors";
import { openErrorDetails, type ErrorDetailsExtra } from "@/components/errors/error-details-store";
import { reportShownError, type ShownErrorReporter } from "@/components/errors/report-shown-error";
import { RateLimitToast } from "./rate-limit-toast";
import { NetworkErrorToast } from "./network-error-toast";
import { ValidationErrorToast } from "./validation-error-toast";
import { GenerationErrorToast } from "./generation-error-toast";
import { announceAssertive } from "@/lib/notifications/announcer";
import { DedupCache, type DedupEntry, type ToastId } from "@/lib/notifications/dedup";
import { connectRateLimiter } from "@/lib/notifications/rate-limit-sync";
import { SharedCountdown, defaultCountdownChannel } from "@/lib/notifications/shared-countdown";
import { sonnerAdapter, type ToastAction, type ToastAdapter } from "@/lib/notifications/toast-adapter";
import { TREATMENTS, treatmentFor, type ToastTone } from "@/lib/notifications/treatments";

export type { ToastId } from "@/lib/notifications/dedup";

export interface NotifyOptions {
  description?: string;
  /** Milliseconds; Infinity keeps it until dismissed. Default: Sonner's for success/info, the treatment's for errors. */
  duration?: number;
  action?: ToastAction;
}

export interface ShowErrorOptions {
  /** Offered as "Retry" (network, generation) or "Retry now" (rate limit, once the countdown ends). */
  onRetry?: () => void;
  /** Replaces the default "View details" (which opens the error-details modal). */
  onViewDetails?: () => void;
  /** Overrides the toast's title for plain error toasts ("Backup failed, so nothing was deleted"). */
  title?: string;
  /** What the error concerns ("Item 3 of 10"); shown under the message, not part of the de-duplication key. */
  subject?: string;
  /** Passed to the details modal (the failed request, batch and item ids). */
  details?: ErrorDetailsExtra;
  /** A note that the app retries by itself in this many ms. */
  retryInMs?: number;
  /** Show the error id even on a temporary error (default: permanent errors only). */
  showErrorId?: boolean;
}

export interface NotificationManagerOptions {
  adapter?: ToastAdapter;
  countdown?: SharedCountdown;
  now?: () => number;
  dedupWindowMs?: number;
  /** Opens the error-details modal; injectable for tests. */
  openDetails?: (error: AppError, extra?: ErrorDetailsExtra) => void;
  /** Sends each shown error to the server log (POST /api/errors); injectable for tests. */
  report?: ShownErrorReporter;
}

/** The rate-limit toast is one toast, updated in place, however many 429s arrive. */
export const RATE_LIMIT_TOAST_ID = "rate-limit";
/** Every rate limit shares one de-duplication key, as it shares one toast. */
const RATE_LIMIT_KEY = "rate_limit";
/** Used when a rate limit does not say how long to wait. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

function retryAfterSeconds(error: AppError): number | undefined {
  if (error instanceof APIError || error instanceof GenerationError) return error.retryAfter;
  return undefined;
}

/** The field list as shown: each problem sanitized, since a server message may echo what was typed (a pasted key). */
function fieldErrorsOf(error: AppError): FieldErrors {
  const raw: unknown =
    error instanceof ValidationError
      ? error.fieldErrors
      : error instanceof APIError
        ? error.details?.fieldErrors
        : undefined;
  if (raw === null || typeof raw !== "object") return {};
  const fields: FieldErrors = {};
  for (const [field, problems] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(problems))
      fields[field] = problems.filter((problem): problem is string => typeof problem === "string").map(sanitizeString);
  }
  return fields;
}

function describeRetry(retryInMs: number): string {
  return `Retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s.`;
}

interface ErrorToastInput {
  /** The occurrence being shown now. */
  error: AppError;
  /** The first occurrence in this toast, the one reported. */
  reported: AppError;
  category: ErrorCategory;
  message: string;
  key: string;
  seen: DedupEntry<AppError> | undefined;
}

const DEFAULT_TITLES: Record<ToastTone, string> = {
  success: "Done",
  info: "Note",
  warning: "Something went wrong, retrying may help",
  error: "Something went wrong",
};

export class NotificationManager {
  private readonly adapter: ToastAdapter;
  readonly countdown: SharedCountdown;
  private readonly now: () => number;
  /** Each open error toast keeps the error it first showed (and reported): its id is the one shown. */
  private readonly dedup: DedupCache<AppError>;
  private readonly openDetails: (error: AppError, extra?: ErrorDetailsExtra) => void;
  private readonly report: ShownErrorReporter;
  /** The latest rate-limit toast's inputs, so a countdown from another tab can re-render it. */
  private rateLimit: { message: string; count: number; onRetry?: () => void; onViewDetails?: () => void } | null = null;

  constructor(options: NotificationManagerOptions = {}) {
    this.adapter = options.adapter ?? sonnerAdapter;
    this.now = options.now ?? (() => Date.now());
    this.countdown = options.countdown ?? new SharedCountdown({ now: this.now });
    this.dedup = new DedupCache<AppError>({
      windowMs: options.dedupWindowMs ?? config.notifications.dedupWindowMs,
      now: this.now,
    });
    this.openDetails = options.openDetails ?? ((error, extra) => openErrorDetails(error, extra));
    this.report = options.report ?? reportShownError;
    this.countdown.subscribe((_until, source) => {
      // Another tab hit the limit: show the same countdown here. A local start already rendered it.
      if (source === "remote")
        this.renderRateLimit(
          this.rateLimit ?? {
            message: "Too many requests in a short time. Requests resume when the countdown ends.",
            count: 1,
          },
        );
    });
  }

  success(message: string, options: NotifyOptions = {}): ToastId {
    return this.plain("success", message, options);
  }

  info(message: string, options: NotifyOptions = {}): ToastId {
    return this.plain("info", message, options);
  }

  warning(message: string, options: NotifyOptions = {}): ToastId {
    return this.plain("warning", message, { duration: TREATMENTS.temporary.durationMs, ...options });
  }

  /** A plain red error that stays until dismissed (use showError for a thrown error). */
  error(message: string, options: NotifyOptions = {}): ToastId {
    const duration = options.duration ?? TREATMENTS.permanent.durationMs;
    if (!Number.isFinite(duration))
      announceAssertive(options.description ? `${message} ${options.description}` : message);
    return this.plain("error", message, { ...options, duration });
  }

  /** Any React element as a toast; it must carry its own role and accessible name. */
  custom(render: (id: ToastId) => ReactElement, options: { id?: ToastId; duration?: number } = {}): ToastId {
    return this.adapter.custom(render, { id: options.id, duration: options.duration });
  }

  dismiss(id: ToastId): void {
    this.dedup.forgetToast(id);
    if (id === RATE_LIMIT_TOAST_ID) this.rateLimit = null;
    this.adapter.dismiss(id);
  }

  dismissAll(): void {
    this.dedup.clear();
    this.rateLimit = null;
    this.adapter.dismiss();
  }

  /**
   * Classifies the error and shows the toast that fits it; returns the toast id. A new toast
   * is reported to the server log under the error id it shows; a repeat merged into an open
   * toast is not reported again, and the toast keeps showing the first error's id.
   */
  showError(thrown: unknown, options: ShowErrorOptions = {}): ToastId {
    const latest = toAppError(thrown);
    const category = categorizeError(latest);
    const message = getUserMessage(latest);
    // The subject is part of the key: the same failure of two backups is two toasts, each
    // with its own Retry, not one toast whose Retry only repeats the latest.
    const key =
      category === "rate_limit"
        ? RATE_LIMIT_KEY
        : `${category}:${options.title ?? ""}:${options.subject ?? ""}:${message}`;
    const seen = this.hitOpen(key);
    const reported = seen?.value ?? latest;
    const shown = this.renderError({ error: latest, reported, category, message, key, seen }, options);
    if (!seen)
      this.report(reported, { shownIn: "toast", context: options.title ? { toastTitle: options.title } : undefined });
    return shown;
  }

  /**
   * The toast says what the latest occurrence says (its fields, its wait); the error id and
   * View details are the reported error's, so the id shown is the id in the server log.
   */
  private renderError(toast: ErrorToastInput, options: ShowErrorOptions): ToastId {
    const { error, reported, category, message, key, seen } = toast;
    const treatment = treatmentFor(error);
    const onViewDetails =
      options.onViewDetails ?? (() => this.openDetails(reported, { subject: options.subject, ...options.details }));
    const errorIdNote =
      options.showErrorId || treatment.treatment === "permanent" ? `Error id: ${reported.errorId}` : undefined;
    const subject =
      [options.subject, options.retryInMs !== undefined ? describeRetry(options.retryInMs) : undefined, errorIdNote]
        .filter(Boolean)
        .join(" ") || undefined;

    if (category === "rate_limit")
      return this.showRateLimit(error, reported, message, seen, options.onRetry, onViewDetails);

    const count = seen?.count ?? 1;
    const id: ToastId = seen?.id ?? this.newId(category);
    if (treatment.assertive && !seen)
      announceAssertive(`${options.title ?? DEFAULT_TITLES[treatment.tone]}. ${message}`);
    const close = () => this.dismiss(id);
    // Retry replaces the failure: the toast goes, and a new failure raises a new one.
    const retryAndClose =
      options.onRetry &&
      (() => {
        close();
        options.onRetry?.();
      });
    const base = { id, duration: treatment.durationMs, onClose: () => this.dedup.forgetToast(id) };

    // What the three custom toasts all take; each adds its own (Retry, fields, code).
    const common = { title: options.title, message, subject, count, onDismiss: close, onViewDetails };
    const retryable = { treatment: treatment.treatment, onRetry: retryAndClose };

    let shown: ToastId;
    if (category === "network") {
      shown = this.adapter.custom(() => createElement(NetworkErrorToast, { ...common, ...retryable }), base);
    } else if (category === "validation") {
      const fieldErrors = fieldErrorsOf(error);
      shown = this.adapter.custom(() => createElement(ValidationErrorToast, { ...common, fieldErrors }), base);
    } else if (category === "generation") {
      const code = error.code;
      shown = this.adapter.custom(() => createElement(GenerationErrorToast, { ...common, ...retryable, code }), base);
    } else {
      const title = options.title ?? DEFAULT_TITLES[treatment.tone];
      const description = [message, subject].filter(Boolean).join(" ");
      const viewDetails = { label: "View details", onClick: onViewDetails };
      const onRetry = options.onRetry;
      // A caller's Retry (a batch item's 503, a failed start) must not be dropped just because
      // the error has no custom toast: Retry is the action, View details sits beside it.
      shown = this.adapter.show(treatment.tone, count > 1 ? `${title} (x${count})` : title, {
        ...base,
        description,
        action: onRetry
          ? {
              label: "Retry",
              onClick: () => {
                close();
                onRetry();
              },
            }
          : viewDetails,
        secondaryAction: onRetry ? viewDetails : undefined,
      });
    }
    if (!seen) this.dedup.remember(key, shown, reported);
    return shown;
  }

  /** A repeat inside the window whose toast is still showing; a closed toast means a fresh one. */
  private hitOpen(key: string): DedupEntry<AppError> | undefined {
    const seen = this.dedup.hit(key);
    if (seen && !this.adapter.isOpen(seen.id)) {
      this.dedup.forgetToast(seen.id);
      return undefined;
    }
    return seen;
  }

  private plain(tone: ToastTone, message: string, options: NotifyOptions): ToastId {
    const key = `${tone}:${message}:${options.description ?? ""}`;
    const seen = this.hitOpen(key);
    const id = seen?.id ?? this.newId(tone);
    const title = seen && seen.count > 1 ? `${message} (x${seen.count})` : message;
    const shown = this.adapter.show(tone, title, {
      id,
      description: options.description,
      duration: options.duration,
      action: options.action,
      onClose: () => this.dedup.forgetToast(id),
    });
    if (!seen) this.dedup.remember(key, shown);
    return shown;
  }

  private showRateLimit(
    error: AppError,
    reported: AppError,
    message: string,
    seen: DedupEntry<AppError> | undefined,
    onRetry: (() => void) | undefined,
    onViewDetails: () => void,
  ): ToastId {
    const seconds = retryAfterSeconds(error);
    const waitMs =
      seconds !== undefined && seconds > 0
        ? Math.min(seconds * 1000, config.api.maxRetryAfterMs)
        : DEFAULT_RATE_LIMIT_WAIT_MS;
    if (!seen && this.rateLimit && !this.adapter.isOpen(RATE_LIMIT_TOAST_ID)) this.rateLimit = null;
    if (!seen) this.dedup.remember(RATE_LIMIT_KEY, RATE_LIMIT_TOAST_ID, reported);
    this.rateLimit = {
      message,
      count: seen?.count ?? (this.rateLimit ? this.rateLimit.count + 1 : 1),
      onRetry,
      onViewDetails,
    };
    // Starting the countdown tells the other tabs and pauses the API client (see connectRateLimiter).
    this.countdown.start(this.now() + waitMs);
    return this.renderRateLimit(this.rateLimit);
  }

  private renderRateLimit(state: {
    message: string;
    count: number;
    onRetry?: () => void;
    onViewDetails?: () => void;
  }): ToastId {
    this.rateLimit = state;
    const until = this.countdown.getUntil() ?? this.now();
    const close = () => this.dismiss(RATE_LIMIT_TOAST_ID);
    const retry = () => {
      close();
      state.onRetry?.();
    };
    return this.adapter.custom(
      () =>
        createElement(RateLimitToast, {
          until,
          message: state.message,
          count: state.count,
          onRetry: retry,
          onDismiss: close,
          onViewDetails: state.onViewDetails,
        }),
      {
        id: RATE_LIMIT_TOAST_ID,
        duration: TREATMENTS.action_required.durationMs,
        onClose: () => {
          this.rateLimit = null;
        },
      },
    );
  }

  private idCounter = 0;
  private newId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}-${this.idCounter}`;
  }
}

function createSingleton(): NotificationManager {
  const inBrowser = typeof window !== "undefined";
  const countdown = new SharedCountdown({ channel: inBrowser ? defaultCountdownChannel() : null });
  const manager = new NotificationManager({ countdown });
  // Every tab's shared client waits out the same countdown.
  if (inBrowser) connectRateLimiter(apiClient.rateLimiter, countdown);
  return manager;
}

/** The app's one NotificationManager (the seed's singleton). */
export const notificationManager = createSingleton();
