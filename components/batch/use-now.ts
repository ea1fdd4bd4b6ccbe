"use client";

import { useSyncExternalStore } from "react";

/*
 * One shared clock for every component that shows elapsed or remaining time. Its server
 * snapshot is null: the server-rendered HTML shows no time-dependent figure, so hydration
 * never disagrees with it, and the first client render fills it in.
 */
let current = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  current = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    current = Date.now();
    timer = setInterval(tick, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const still = () => () => undefined;

/** Epoch ms, re-read every second while `active`; null during server rendering and hydration. */
export function useNow(active: boolean): number | null {
  return useSyncExternalStore(
    active ? subscribe : still,
    () => current,
    () => null,
  );
}
