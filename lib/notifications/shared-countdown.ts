/**
 * The rate-limit countdown, shared by every tab of the app: when one tab is told to wait
 * (a 429 with Retry-After), every tab shows the same countdown and holds its requests until
 * the same moment. Tabs talk over BroadcastChannel; where it is missing, over localStorage's
 * `storage` event; where neither exists, the countdown is simply per tab.
 */
export interface CountdownChannel {
  post(message: CountdownMessage): void;
  /** Registers the receiver; returns a function that stops receiving. */
  listen(receive: (message: CountdownMessage) => void): () => void;
  close(): void;
}

export interface CountdownMessage {
  type: "rate-limit";
  /** Epoch ms until which requests wait. */
  until: number;
}

/** "local": started in this tab; "remote": another tab said so. */
export type CountdownSource = "local" | "remote";
export type CountdownListener = (until: number, source: CountdownSource) => void;

export const COUNTDOWN_CHANNEL_NAME = "tds-rate-limit";

function isCountdownMessage(value: unknown): value is CountdownMessage {
  if (value === null || typeof value !== "object") return false;
  const bag = value as Record<string, unknown>;
  return bag.type === "rate-limit" && typeof bag.until === "number" && Number.isFinite(bag.until);
}

function broadcastChannel(name: string): CountdownChannel {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen(receive) {
      const handler = (event: MessageEvent) => {
        if (isCountdownMessage(event.data)) receive(event.data);
      };
      channel.addEventListener("message", handler);
      return () => channel.removeEventListener("message", handler);
    },
    close: () => channel.close(),
  };
}

/** Fallback for browsers without BroadcastChannel: other tabs see localStorage writes as `storage` events. */
export function storageChannel(
  name: string,
  storage: Storage,
  target: Pick<Window, "addEventListener" | "removeEventListener">,
): CountdownChannel {
  return {
    post(message) {
      try {
        storage.setItem(name, JSON.stringify(message));
      } catch {
        // Storage full or refused (private mode): the countdown stays per tab.
      }
    },
    listen(receive) {
      const handler = (event: StorageEvent) => {
        if (event.key !== name || event.newValue === null) return;
        try {
          const parsed: unknown = JSON.parse(event.newValue);
          if (isCountdownMessage(parsed)) receive(parsed);
        } catch {
          // Someone else's value under our key: ignore it.
        }
      };
      target.addEventListener("storage", handler);
      return () => target.removeEventListener("storage", handler);
    },
    close: () => undefined,
  };
}

/** The best channel this environment offers, or null (per-tab countdown). */
export function defaultCountdownChannel(name = COUNTDOWN_CHANNEL_NAME): CountdownChannel | null {
  if (typeof BroadcastChannel !== "undefined") return broadcastChannel(name);
  if (typeof window !== "undefined") {
    try {
      if (window.localStorage) return storageChannel(name, window.localStorage, window);
    } catch {
      // Accessing localStorage can throw when storage is disabled.
    }
  }
  return null;
}

export interface SharedCountdownOptions {
  channel?: CountdownChannel | null;
  now?: () => number;
}

export class SharedCountdown {
  private until: number | null = null;
  private readonly now: () => number;
  private readonly channel: CountdownChannel | null;
  private readonly stopListening: () => void;
  private readonly listeners = new Set<CountdownListener>();

  constructor({ channel = null, now = () => Date.now() }: SharedCountdownOptions = {}) {
    this.now = now;
    this.channel = channel;
    this.stopListening = channel ? channel.listen((message) => this.apply(message.until, "remote")) : () => undefined;
  }

  /** Starts (or extends) the countdown to `untilMs` here and in every other tab. Never shortens it. */
  start(untilMs: number): void {
    if (this.apply(untilMs, "local")) this.channel?.post({ type: "rate-limit", until: untilMs });
  }

  /** Epoch ms the countdown ends at, or null when none is running. */
  getUntil(): number | null {
    if (this.until !== null && this.until <= this.now()) this.until = null;
    return this.until;
  }

  /** Whole seconds left, rounded up (a countdown never shows 0 while still waiting). */
  remainingSeconds(): number {
    const until = this.getUntil();
    return until === null ? 0 : Math.ceil((until - this.now()) / 1000);
  }

  subscribe(listener: CountdownListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    this.stopListening();
    this.channel?.close();
    this.listeners.clear();
  }

  /** True when the countdown changed (a later end than the running one). */
  private apply(untilMs: number, source: CountdownSource): boolean {
    if (untilMs <= this.now()) return false;
    const running = this.getUntil();
    if (running !== null && running >= untilMs) return false;
    this.until = untilMs;
    for (const listener of Array.from(this.listeners)) {
      try {
        listener(untilMs, source);
      } catch {
        // One broken listener must not stop the others (the API client's pause).
      }
    }
    return true;
  }
}
