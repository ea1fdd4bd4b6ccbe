/*
 * The DNS-rebinding guard of local mode. A web page on evil.example can re-point its own
 * name at 127.0.0.1 and then, being "same-origin" with itself, read and change everything
 * a local-mode server offers. What it cannot change is the Host header the browser sends:
 * it still names evil.example. So in local mode only loopback names (and the operator's
 * explicit ALLOWED_HOSTS) are served. X-Forwarded-Host is never consulted: a page can set it.
 *
 * Pure functions (no env, no Next.js) so the rules are unit-tested as they are.
 */

/** Host names a local-mode server answers to on any port. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

interface HostAndPort {
  host: string;
  port: string | null;
}

/**
 * Splits `host[:port]` (IPv6 literals in brackets), lower-cased, without a trailing dot
 * (`localhost.` is the same name). Null for anything that is not a plain authority.
 */
export function splitHost(value: string): HostAndPort | null {
  const text = value.trim().toLowerCase();
  if (text === "" || /[\s/@?#\\]/.test(text)) return null;
  let host: string;
  let port: string | null = null;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0) return null;
    host = text.slice(0, end + 1);
    const rest = text.slice(end + 1);
    if (rest !== "") {
      if (!/^:\d{1,5}$/.test(rest)) return null;
      port = rest.slice(1);
    }
  } else {
    const parts = text.split(":");
    if (parts.length > 2) return null;
    host = parts[0] as string;
    if (parts.length === 2) {
      if (!/^\d{1,5}$/.test(parts[1] as string)) return null;
      port = parts[1] as string;
    }
  }
  host = host.replace(/\.$/, "");
  return host === "" ? null : { host, port };
}

/** ALLOWED_HOSTS (comma-separated `host` or `host:port`) as parsed entries; blanks and junk are dropped. */
export function parseAllowedHosts(value: string | undefined): HostAndPort[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => splitHost(entry))
    .filter((entry): entry is HostAndPort => entry !== null);
}

/**
 * True when a local-mode server may answer a request with this Host header: a loopback
 * name on any port, or an ALLOWED_HOSTS entry (an entry without a port allows any port).
 */
export function isAllowedLocalHost(
  hostHeader: string | null | undefined,
  allowed: readonly HostAndPort[] = [],
): boolean {
  if (!hostHeader) return false;
  const parsed = splitHost(hostHeader);
  if (!parsed) return false;
  if (LOOPBACK_HOSTS.has(parsed.host)) return true;
  return allowed.some((entry) => entry.host === parsed.host && (entry.port === null || entry.port === parsed.port));
}
