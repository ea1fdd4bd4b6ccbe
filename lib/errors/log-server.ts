/**
 * The browser's destination: POSTs entries to our /api/errors route, in bodies under the
 * keepalive/beacon limit, with sendBeacon when the page goes away.
 */
import { config } from "@/lib/config";
import type { LogDestination, LogEntry } from "./logger";

export interface ServerDestinationOptions {
  endpoint?: string;
  fetch?: typeof fetch;
  /** navigator.sendBeacon; when absent or refusing, the page-hide path falls back to fetch keepalive. */
  sendBeacon?: (url: string, data: Blob | string) => boolean;
  /** Bodies above this are split (browsers cap keepalive and beacon bodies at 64 KiB). */
  maxBodyBytes?: number;
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Keeps a single oversized entry postable: drop its context, shorten stack and message. */
function shrinkEntry(entry: LogEntry): LogEntry {
  return {
    ...entry,
    message: entry.message.slice(0, 1_000),
    stack: entry.stack?.slice(0, 4_000),
    context: { truncated: true },
  };
}

/** POSTs `{entries}` to our `/api/errors` route, with sendBeacon when the page goes away. */
export class ServerDestination implements LogDestination {
  readonly name = "server";
  private readonly endpoint: string;
  private readonly fetchImpl?: typeof fetch;
  private readonly sendBeacon?: (url: string, data: Blob | string) => boolean;
  private readonly maxBodyBytes: number;

  constructor(options: ServerDestinationOptions = {}) {
    this.endpoint = options.endpoint ?? "/api/errors";
    this.fetchImpl = options.fetch;
    this.sendBeacon = options.sendBeacon;
    this.maxBodyBytes = options.maxBodyBytes ?? Math.min(60_000, config.http.maxErrorReportBytes);
  }

  async write(entries: LogEntry[]): Promise<void> {
    const doFetch = this.fetchImpl ?? globalThis.fetch;
    for (const body of this.bodies(entries)) {
      const response = await doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        keepalive: true,
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`POST ${this.endpoint} answered HTTP ${response.status}`);
    }
  }

  writeOnPageHide(entries: LogEntry[]): void {
    const beacon = this.sendBeacon ?? navigatorBeacon();
    for (const body of this.bodies(entries)) {
      // The route only accepts application/json, so the beacon carries a typed Blob.
      const data = typeof Blob !== "undefined" ? new Blob([body], { type: "application/json" }) : body;
      if (beacon?.(this.endpoint, data)) continue;
      const doFetch = this.fetchImpl ?? globalThis.fetch;
      void doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        keepalive: true,
        credentials: "same-origin",
      }).catch(() => undefined);
    }
  }

  /** JSON bodies, each under maxBodyBytes, covering every entry in order. */
  private bodies(entries: LogEntry[]): string[] {
    if (entries.length === 0) return [];
    const body = JSON.stringify({ entries });
    if (byteLength(body) <= this.maxBodyBytes) return [body];
    if (entries.length === 1) return [JSON.stringify({ entries: [shrinkEntry(entries[0] as LogEntry)] })];
    const middle = Math.ceil(entries.length / 2);
    return [...this.bodies(entries.slice(0, middle)), ...this.bodies(entries.slice(middle))];
  }
}

function navigatorBeacon(): ((url: string, data: Blob | string) => boolean) | undefined {
  if (typeof navigator === "undefined" || typeof navigator.sendBeacon !== "function") return undefined;
  return (url, data) => navigator.sendBeacon(url, data);
}
