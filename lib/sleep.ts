/**
 * The app's one abortable wait, browser and server alike (API client backoff, offline
 * generator latency, the batch worker's idle waits).
 */
import { abortedError } from "@/lib/errors/network";
import { realTimers, type Timers } from "@/lib/timers";

/**
 * Resolves after `ms` (at once for 0: no timer tick per call when a latency is off);
 * rejects with abortedError() if `signal` is already aborted or aborts meanwhile. Either
 * way the timer is cleared and the abort listener removed, so a long-lived signal (a
 * batch's, a page's) does not collect one listener per wait.
 */
export function sleep(ms: number, signal?: AbortSignal, timers: Timers = realTimers): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  if (!(ms > 0)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(abortedError(signal));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Like sleep(), but an abort ends the wait early instead of failing it: for waits whose
 * signal means "wake up" rather than "give up" (the batch worker's idle wait, cut short
 * when work arrives or the process shuts down). Never rejects.
 */
export function sleepUntilWoken(ms: number, signal?: AbortSignal, timers: Timers = realTimers): Promise<void> {
  return sleep(ms, signal, timers).catch(() => undefined);
}
