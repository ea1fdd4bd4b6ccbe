import "server-only";
import { APIError, ErrorCode, errorLogger } from "@/lib/errors";

/*
 * Server-Sent Events for the live views. The stream reads the database on an interval on
 * the server (one cheap query per connection and tick); the browser keeps one EventSource
 * open instead of polling routes.
 */

export interface StreamMessage {
  event: string;
  data: unknown;
  id?: string;
}

export interface EventStreamOptions {
  request: Request;
  intervalMs: number;
  /** The messages to send now (none when nothing changed); `done` ends the stream after them. */
  poll: () => Promise<{ messages: StreamMessage[]; done?: boolean }>;
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs?: number;
  /** Tells the client how soon to reconnect after a drop (EventSource's `retry:`). */
  retryMs?: number;
  /** Whose stream this is: one user may hold at most MAX_STREAMS_PER_OWNER open in this process. */
  owner: string;
}

/**
 * Every open stream polls the database; a user opening hundreds (tabs, a script) would
 * multiply that load. Per process: a deployment of N processes allows N times as many.
 */
export const MAX_STREAMS_PER_OWNER = 12;

const STREAMS_KEY = Symbol.for("training-data-studio.event-streams");
type GlobalWithStreams = typeof globalThis & { [STREAMS_KEY]?: Map<string, number> };

function openStreams(): Map<string, number> {
  const g = globalThis as GlobalWithStreams;
  g[STREAMS_KEY] ??= new Map();
  return g[STREAMS_KEY];
}

/** Takes a stream slot for `owner` or throws 429; the returned function gives it back (once). */
function takeStreamSlot(owner: string): () => void {
  const streams = openStreams();
  const open = streams.get(owner) ?? 0;
  if (open >= MAX_STREAMS_PER_OWNER) {
    throw new APIError(
      ErrorCode.API_RATE_LIMIT,
      `Too many live updates open at once (at most ${MAX_STREAMS_PER_OWNER}): close some tabs of this app.`,
      { status: 429, retryAfter: 30, details: { limit: "event streams per user", max: MAX_STREAMS_PER_OWNER } },
    );
  }
  streams.set(owner, open + 1);
  let returned = false;
  return () => {
    if (returned) return;
    returned = true;
    const now = (streams.get(owner) ?? 1) - 1;
    if (now <= 0) streams.delete(owner);
    else streams.set(owner, now);
  };
}

const encoder = new TextEncoder();

function format(message: StreamMessage): string {
  const lines = [`event: ${message.event}`];
  if (message.id !== undefined) lines.push(`id: ${message.id.replace(/[\r\n]/g, "")}`);
  // JSON has no raw newlines, so one data line carries it.
  lines.push(`data: ${JSON.stringify(message.data)}`);
  return `${lines.join("\n")}\n\n`;
}

/** Consecutive failed polls before the stream is closed (the client reconnects). */
const MAX_FAILED_POLLS = 5;

/**
 * A text/event-stream response driven by `poll`. It stops when the client goes away (the
 * request's signal), when a poll says done, or after repeated failures; a first poll that
 * throws (404: not yours) is turned into that error response by the caller before this.
 * Throws 429 when the owner already holds MAX_STREAMS_PER_OWNER streams in this process.
 */
export function eventStreamResponse(options: EventStreamOptions): Response {
  const { request, intervalMs, poll } = options;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const giveBackSlot = takeStreamSlot(options.owner);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastWrite = Date.now();
      let failures = 0;
      const close = () => {
        if (closed) return;
        closed = true;
        giveBackSlot();
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      request.signal.addEventListener("abort", close, { once: true });
      const write = (text: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };

      const tick = async () => {
        if (closed) return;
        try {
          const { messages, done } = await poll();
          failures = 0;
          for (const message of messages) write(format(message));
          if (done) return close();
        } catch (error) {
          failures += 1;
          errorLogger.warn(error, { stage: "event stream poll", failures });
          if (failures >= MAX_FAILED_POLLS) return close();
        }
        if (Date.now() - lastWrite >= keepAliveMs) write(": ping\n\n");
        if (!closed) timer = setTimeout(() => void tick(), intervalMs);
      };

      write(`retry: ${options.retryMs ?? 2_000}\n\n`);
      void tick();
    },
    cancel() {
      closed = true;
      giveBackSlot();
      if (timer) clearTimeout(timer);
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Reverse proxies (nginx) would otherwise buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
}
