/**
 * Sonner's toast region is aria-live="polite", so an error that stays until the user acts could
 * go unannounced behind other speech. Permanent errors are also put here, and the always-mounted
 * <AssertiveLiveRegion /> (role="alert") reads them out.
 */
type Listener = () => void;

export interface Announcement {
  /** Changes on every announcement so repeating the same text is read again. */
  key: number;
  text: string;
}

let current: Announcement | null = null;
let nextKey = 1;
const listeners = new Set<Listener>();

export function announceAssertive(text: string): void {
  current = { key: nextKey++, text };
  for (const listener of Array.from(listeners)) listener();
}

export function subscribeAnnouncements(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getAnnouncement(): Announcement | null {
  return current;
}
