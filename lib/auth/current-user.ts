import "server-only";
import { isSupabaseConfigured, serverEnv, type ServerEnv } from "@/lib/env";
import { authRequired, invalidToken, isAuthFailure } from "./auth-errors";
import { cookiesFromRequest, readAccessTokenFromCookies, type CookieEntry } from "./cookie-token";
import { LOCAL_USER } from "./local-user";
import type { CurrentUser } from "./types";
import { verifyAccessToken } from "./verify-token";

/*
 * The current user of an API request. Local mode: the one local user. Supabase mode: the
 * `sub` of a verified access token from `Authorization: Bearer` or the auth cookie.
 * `env` is a parameter so tests can switch modes without touching process.env.
 */

/** Resolves the user or throws ERR_AUTH_REQUIRED / ERR_AUTH_INVALID_TOKEN / ERR_AUTH_TOKEN_EXPIRED. */
export async function getCurrentUser(request: Request, env: ServerEnv = serverEnv()): Promise<CurrentUser> {
  if (!isSupabaseConfigured(env)) return { ...LOCAL_USER };
  const token = bearerToken(request) ?? (await cookieToken(cookiesFromRequest(request), env));
  if (token === null) throw authRequired();
  return toUser(token, env);
}

/**
 * For routes where signing in is optional (error reports): the user when a valid token came
 * with the request, otherwise null. Faults other than "not signed in" still throw.
 */
export async function getOptionalUser(request: Request, env: ServerEnv = serverEnv()): Promise<CurrentUser | null> {
  try {
    return await getCurrentUser(request, env);
  } catch (error) {
    if (isAuthFailure(error)) return null;
    throw error;
  }
}

/** The user behind a set of cookies (server components), or null when signed out. */
export async function getUserFromCookies(
  cookies: readonly CookieEntry[],
  env: ServerEnv = serverEnv(),
): Promise<CurrentUser | null> {
  if (!isSupabaseConfigured(env)) return { ...LOCAL_USER };
  try {
    const token = await cookieToken(cookies, env);
    return token === null ? null : await toUser(token, env);
  } catch (error) {
    if (isAuthFailure(error)) return null;
    throw error;
  }
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header is a client bug worth naming, not "signed out".
  if (!match?.[1]) throw invalidToken("Authorization header is not 'Bearer <token>'");
  return match[1];
}

async function cookieToken(cookies: readonly CookieEntry[], env: ServerEnv): Promise<string | null> {
  const url = env.NEXT_PUBLIC_SUPABASE_URL;
  return url ? readAccessTokenFromCookies(cookies, url) : null;
}

async function toUser(token: string, env: ServerEnv): Promise<CurrentUser> {
  const identity = await verifyAccessToken(token, env);
  return { id: identity.id, email: identity.email, mode: "supabase" };
}
