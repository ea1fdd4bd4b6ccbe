/** Reading `Retry-After` (and its `retry-after-ms` form) and other headers from whatever shape a caller holds. */

export type HeadersLike = { get(name: string): string | null } | Record<string, string | readonly string[] | undefined>;

/** A header's value from a Headers object or a plain record (case-insensitive). */
export function readHeader(headers: HeadersLike | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

/**
 * Seconds to wait according to a Retry-After value: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past means "now" (0). Unreadable values
 * are ignored rather than guessed at.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Seconds a server asked us to wait, from its headers: `retry-after-ms` (milliseconds, the
 * Anthropic API's precise form) wins over `Retry-After` (seconds or an HTTP date). The
 * milliseconds are rounded up to whole seconds: never earlier than asked, and a fraction
 * like 1.001 s would not come back as whole milliseconds (the batch layer stores those as
 * integers).
 */
export function retryAfterFromHeaders(
  headers: HeadersLike | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const precise = readHeader(headers, "retry-after-ms")?.trim();
  if (precise !== undefined && /^\d+(\.\d+)?$/.test(precise)) return Math.ceil(Number(precise) / 1000);
  return parseRetryAfter(readHeader(headers, "retry-after"), nowMs);
}
