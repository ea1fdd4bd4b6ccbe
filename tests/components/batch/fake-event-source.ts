/**
 * EventSource for jsdom (which has none): the tests play the server's side of a stream,
 * `event: batch` / `event: end` / `event: batches` messages, errors and reconnects.
 */
import type { EventSourceFactory, EventSourceLike } from "@/components/batch/event-source";

export class FakeEventSource implements EventSourceLike {
  readyState = 0;
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();

  constructor(readonly url: string) {}

  get closed(): boolean {
    return this.readyState === 2;
  }

  addEventListener(type: string, listener: (event: Event) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  close(): void {
    this.readyState = 2;
  }

  private dispatch(type: string, event: Event): void {
    if (this.closed && type !== "error") return;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open(): void {
    this.readyState = 1;
    this.dispatch("open", new Event("open"));
  }

  /** One SSE message: `event: <type>` with `data: <JSON>`. */
  send(type: string, data: unknown): void {
    this.dispatch(type, new MessageEvent(type, { data: typeof data === "string" ? data : JSON.stringify(data) }));
  }

  /** The connection dropped (EventSource retries) or was refused (it gives up: CLOSED). */
  fail({ refused = false }: { refused?: boolean } = {}): void {
    this.readyState = refused ? 2 : 0;
    for (const listener of this.listeners.get("error") ?? []) listener(new Event("error"));
  }
}

/** Records every stream opened, so a test can find the one a component opened and play the server. */
export class FakeEventSources {
  readonly opened: FakeEventSource[] = [];
  /** Called with each new stream, e.g. to send the first (full) message like the server does. */
  onOpen: (source: FakeEventSource) => void = () => undefined;

  factory: EventSourceFactory = (url) => {
    const source = new FakeEventSource(url);
    this.opened.push(source);
    this.onOpen(source);
    return source;
  };

  live(url?: string): FakeEventSource[] {
    return this.opened.filter((source) => !source.closed && (url === undefined || source.url === url));
  }
}
