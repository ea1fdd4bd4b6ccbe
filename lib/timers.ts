/**
 * Timer and clock access, injectable so tests drive time exactly. The defaults look the
 * globals up on every call, so fake timers installed later still apply.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

export const realNow = (): number => Date.now();
