/**
 * A scripted fetch for APIClient tests: each call takes the next responder (the last one
 * repeats), records when it started, and honours the AbortSignal like a real fetch.
 */
import { vi } from "vitest";

export type Responder = (call: FakeCall) => Response | Promise<Response>;

export interface FakeCall {
  url: string;
  init: RequestInit;
  /** Date.now() when fetch was called (fake clock). */
  startedAt: number;
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function errorResponse(status: number, code?: string, headers: Record<string, string> = {}): Response {
  return code
    ? jsonResponse({ error: { code, message: `status ${status}` } }, status, headers)
    : new Response("", { status, headers });
}

export function createFakeFetch(...responders: Responder[]) {
  const calls: FakeCall[] = [];
  const fetch = vi.fn((input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: FakeCall = { url: String(input), init, startedAt: Date.now() };
    calls.push(call);
    const responder = responders[Math.min(calls.length - 1, responders.length - 1)];
    if (!responder) throw new Error("no responder");
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal;
      const onAbort = () => reject(new DOMException("The operation was aborted.", "AbortError"));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      Promise.resolve()
        .then(() => responder(call))
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener("abort", onAbort));
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** Resolves after `ms` on the (fake) clock. */
export function after<T>(ms: number, value: () => T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value()), ms));
}
