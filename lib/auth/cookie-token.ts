import "server-only";
import { combineChunks, parseCookieHeader, stringFromBase64URL } from "@supabase/ssr";
import { invalidToken } from "./auth-errors";

/*
 * Reads the access token out of the session cookie that @supabase/ssr writes:
 * `sb-<project-ref>-auth-token`, split into `.0`, `.1`, ... chunks when large, holding the
 * session as JSON, optionally `base64-` + base64url(JSON). We reuse @supabase/ssr's own
 * chunk joiner and base64url decoder so the format cannot drift from the writer's.
 */

const BASE64_PREFIX = "base64-";

export interface CookieEntry {
  name: string;
  value?: string;
}

/** The cookie name supabase-js derives from the project URL (its default storage key). */
export function authCookieName(supabaseUrl: string): string {
  const ref = new URL(supabaseUrl).hostname.split(".")[0];
  return `sb-${ref}-auth-token`;
}

/** Cookies of a plain Request (route handlers and tests get no cookie jar). */
export function cookiesFromRequest(request: Request): CookieEntry[] {
  const header = request.headers.get("cookie");
  return header ? parseCookieHeader(header) : [];
}

/**
 * The access token held in the Supabase auth cookie, or null when there is no such cookie.
 * A cookie that is present but unreadable is an invalid token, not a missing one.
 */
export async function readAccessTokenFromCookies(
  cookies: readonly CookieEntry[],
  supabaseUrl: string,
): Promise<string | null> {
  const key = authCookieName(supabaseUrl);
  const byName = new Map(cookies.map((c) => [c.name, c.value ?? ""]));
  const raw = await combineChunks(key, (name) => byName.get(name) ?? null);
  if (raw === null || raw === "") return null;
  return accessTokenFromSessionValue(raw);
}

function accessTokenFromSessionValue(raw: string): string {
  let json = raw;
  if (raw.startsWith(BASE64_PREFIX)) {
    try {
      json = stringFromBase64URL(raw.slice(BASE64_PREFIX.length));
    } catch {
      throw invalidToken("session cookie is not valid base64url");
    }
  }
  let session: unknown;
  try {
    session = JSON.parse(json);
  } catch {
    throw invalidToken("session cookie is not JSON");
  }
  // Old auth-helpers wrote [access_token, refresh_token, ...]; current versions write the session object.
  const token = Array.isArray(session)
    ? session[0]
    : typeof session === "object" && session !== null
      ? (session as { access_token?: unknown }).access_token
      : undefined;
  if (typeof token !== "string" || token === "") {
    throw invalidToken("session cookie holds no access token");
  }
  return token;
}
