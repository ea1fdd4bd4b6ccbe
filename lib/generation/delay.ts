/** An abortable wait, so a cancelled batch never sits out an artificial latency. */
import { NetworkError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";

export function abortedError(signal?: AbortSignal): NetworkError {
  return new NetworkError(ErrorCode.NET_ABORTED, "The generation was cancelled", {
    cause: signal?.reason,
    isRecoverable: false,
  });
}

/** Resolves after `ms`; rejects with ERR_NET_ABORTED as soon as `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
