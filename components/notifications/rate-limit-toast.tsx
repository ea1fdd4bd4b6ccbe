"use client";

import { useEffect, useState } from "react";
import { ToastFrame, toastButtonClass } from "./toast-frame";

export interface RateLimitToastProps {
  /** Epoch ms the shared countdown ends at (the same in every tab). */
  until: number;
  message: string;
  count?: number;
  onRetry?: () => void;
  onDismiss?: () => void;
  onViewDetails?: () => void;
}

function secondsLeft(until: number): number {
  return Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

/**
 * Rate limit: a countdown to the moment requests may start again, then "Retry now". The
 * seconds come from the clock, not from counting ticks, so a throttled background tab still
 * shows the right number when it wakes up.
 */
export function RateLimitToast({ until, message, count, onRetry, onDismiss, onViewDetails }: RateLimitToastProps) {
  // Only the clock is state; the seconds are derived, so a later `until` (another 429) shows at once.
  const [, setTick] = useState(0);
  const left = secondsLeft(until);

  useEffect(() => {
    const timer = setInterval(() => {
      setTick((tick) => tick + 1);
      if (secondsLeft(until) === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);

  const done = left === 0;
  return (
    <ToastFrame
      treatment="action_required"
      role="status"
      title="Rate limit reached"
      count={count}
      onDismiss={onDismiss}
      testId="rate-limit-toast"
      actions={
        <>
          {done ? (
            <button type="button" className={toastButtonClass} onClick={onRetry ?? onDismiss}>
              Retry now
            </button>
          ) : (
            <button type="button" className={toastButtonClass} disabled aria-disabled="true">
              Retry in {left} s
            </button>
          )}
          {onViewDetails ? (
            <button type="button" className={toastButtonClass} onClick={onViewDetails}>
              View details
            </button>
          ) : null}
        </>
      }
    >
      <p>{message}</p>
      {/* The ticking number is hidden from screen readers: announcing every second would drown everything else. */}
      <p aria-hidden="true" data-testid="rate-limit-countdown">
        {done ? "You can try again now." : `Requests resume in ${left} s.`}
      </p>
      <p className="sr-only">{done ? "You can try again now." : "Requests are paused until the wait is over."}</p>
    </ToastFrame>
  );
}
