/**
 * Remembers which toasts are showing so that a burst of the same failure (a 100-item batch
 * hitting the same rate limit) updates one toast with a counter instead of stacking copies.
 *
 * An entry lives for `windowMs` after the last time its message was seen; expired entries are
 * dropped on every access and the cache is capped, so it never grows without bound.
 */
export type ToastId = string | number;

export interface DedupEntry<T = unknown> {
  id: ToastId;
  /** What the first occurrence left with the toast (the manager keeps the error it reported). */
  value?: T;
  /** How many times the message was shown inside the window (1 for the first toast). */
  count: number;
  lastSeen: number;
}

export interface DedupCacheOptions {
  windowMs: number;
  /** Hard cap; the least recently seen entries go first. */
  maxEntries?: number;
  now?: () => number;
}

export class DedupCache<T = unknown> {
  private readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Map keeps insertion order; a hit re-inserts, so the first key is the least recently seen. */
  private readonly entries = new Map<string, DedupEntry<T>>();

  constructor({ windowMs, maxEntries = 50, now = () => Date.now() }: DedupCacheOptions) {
    this.windowMs = windowMs;
    this.maxEntries = Math.max(1, maxEntries);
    this.now = now;
  }

  /**
   * The entry for a message seen inside the window, with its count raised by one; undefined
   * when the message is new (or its window has passed) and a toast should be created.
   */
  hit(key: string): DedupEntry<T> | undefined {
    const now = this.now();
    this.prune(now);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    const updated = { id: entry.id, value: entry.value, count: entry.count + 1, lastSeen: now };
    this.entries.set(key, updated);
    return updated;
  }

  /** Records the toast created for a new message, with what its repeats should find. */
  remember(key: string, id: ToastId, value?: T): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { id, value, count: 1, lastSeen: now });
    this.prune(now);
  }

  /** Forgets a toast the user (or its timer) dismissed: the next occurrence is a fresh toast. */
  forgetToast(id: ToastId): void {
    for (const [key, entry] of this.entries) if (entry.id === id) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    this.prune(this.now());
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.lastSeen >= this.windowMs) this.entries.delete(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
