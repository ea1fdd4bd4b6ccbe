/**
 * What the component tests' fake APIs (batch, backup, export) share: JSON answers, the URL a
 * fetch was called with, and the app's real APIClient set up not to wait.
 */
import { APIClient } from "@/lib/api";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** The URL of a fetch call, resolved against the app's origin. */
export function requestUrl(input: RequestInfo | URL): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://app.test");
}

/** The real APIClient over a fake fetch, with no waiting: retries happen at once, the limiter never queues. */
export function instantClient(fetch: typeof globalThis.fetch, retries = 5): APIClient {
  return new APIClient({
    fetch,
    retry: { delaysMs: Array.from({ length: retries }, () => 0), jitterRatio: 0 },
    rateLimit: { maxRequests: 10_000, windowMs: 1_000, maxConcurrent: 10 },
  });
}
