/**
 * The slice of the browser's EventSource the batch streams use, so tests (jsdom has no
 * EventSource) and the app pass their own. EventSource reconnects by itself after a dropped
 * connection; only a stream that refused outright (401, 404) ends in CLOSED.
 */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.CLOSED, spelled out: the constant is missing where EventSource is. */
export const EVENT_SOURCE_CLOSED = 2;

/** The browser's EventSource, or null where there is none (jsdom, very old browsers). */
export function browserEventSource(): EventSourceFactory | null {
  if (typeof window === "undefined" || typeof window.EventSource !== "function") return null;
  return (url) => new window.EventSource(url, { withCredentials: true });
}

/** The JSON of an SSE message, or undefined when it is not one (a malformed line is skipped, not fatal). */
export function messageJson(event: Event): unknown {
  const data: unknown = "data" in event ? event.data : undefined;
  if (typeof data !== "string") return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
