/**
 * A stand-in for XMLHttpRequest, installed with vi.stubGlobal: the import dialog's upload runs
 * against it, and the test plays the network (upload progress, the server's answer, a failure).
 */
type Listener = ((event: ProgressEvent) => void) | null;

function progressEvent(type: string, loaded: number, total: number): ProgressEvent {
  return { type, loaded, total, lengthComputable: total > 0 } as ProgressEvent;
}

export class FakeXhr {
  static instances: FakeXhr[] = [];

  method = "";
  url = "";
  readonly headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = "";
  aborted = false;
  private responseHeaders: Record<string, string> = {};
  readonly upload: { onprogress: Listener; onload: Listener } = { onprogress: null, onload: null };
  onload: Listener = null;
  onerror: Listener = null;
  ontimeout: Listener = null;
  onabort: Listener = null;

  constructor() {
    FakeXhr.instances.push(this);
  }

  static reset(): void {
    FakeXhr.instances = [];
  }

  static last(): FakeXhr {
    const xhr = FakeXhr.instances.at(-1);
    if (!xhr) throw new Error("no upload started");
    return xhr;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
    this.onabort?.(progressEvent("abort", 0, 0));
  }

  /** The browser reports bytes sent. */
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.(progressEvent("progress", loaded, total));
  }

  /** Every byte is sent; the server is working. */
  uploaded(total: number): void {
    this.upload.onprogress?.(progressEvent("progress", total, total));
    this.upload.onload?.(progressEvent("load", total, total));
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = typeof body === "string" ? body : JSON.stringify(body);
    this.responseHeaders = Object.fromEntries(
      Object.entries({ "content-type": "application/json", ...headers }).map(([k, v]) => [k.toLowerCase(), v]),
    );
    this.onload?.(progressEvent("load", 0, 0));
  }

  fail(): void {
    this.onerror?.(progressEvent("error", 0, 0));
  }
}
