/**
 * Supabase-style access tokens for tests, minted with jose and a test secret. Supabase Auth
 * cannot run here, so these stand in for what it would issue: HS256, sub = user id,
 * aud/role "authenticated", an exp, and iss = the project URL + /auth/v1 (all four checked).
 */
import { randomUUID } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { createChunks, stringToBase64URL } from "@supabase/ssr";
import { parseServerEnv, type ServerEnv } from "@/lib/env";

export const TEST_JWT_SECRET = "test-secret-for-supabase-jwt-0123456789abcdef";
export const TEST_SUPABASE_URL = "https://testprojectref.supabase.co";
export const TEST_ANON_KEY = "test-anon-key-0123456789-abcdefghij";
export const TEST_AUTH_COOKIE = "sb-testprojectref-auth-token";

/** The variables of Supabase mode with local verification (as a test would set them). */
export const SUPABASE_TEST_VARS = {
  NEXT_PUBLIC_SUPABASE_URL: TEST_SUPABASE_URL,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: TEST_ANON_KEY,
  SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
} as const;

export function supabaseTestEnv(overrides: Record<string, string | undefined> = {}): ServerEnv {
  return parseServerEnv({ ...SUPABASE_TEST_VARS, ...overrides });
}

export function localTestEnv(): ServerEnv {
  return parseServerEnv({});
}

export interface MintOptions {
  sub?: string;
  email?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  secret?: string;
  alg?: "HS256" | "HS384" | "HS512";
  /** The project whose Auth server "issued" it (iss = this + /auth/v1); default TEST_SUPABASE_URL. */
  supabaseUrl?: string;
  /** Claims to add or override (use `undefined` to drop aud/role/exp/iss). */
  claims?: JWTPayload;
}

export async function mintToken(options: MintOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    sub: options.sub ?? randomUUID(),
    email: options.email ?? "someone@example.com",
    aud: "authenticated",
    role: "authenticated",
    iss: `${(options.supabaseUrl ?? TEST_SUPABASE_URL).replace(/\/+$/, "")}/auth/v1`,
    iat: now - 10,
    exp: now + (options.expiresIn ?? 3600),
    session_id: randomUUID(),
    ...options.claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** The session JSON supabase-js stores (what @supabase/ssr puts in the cookie). */
export function sessionJson(accessToken: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    access_token: accessToken,
    token_type: "bearer",
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    refresh_token: "refresh-token-value",
    user: { id: "ignored-by-the-server", email: "someone@example.com" },
    ...extra,
  });
}

export interface CookieFormat {
  /** @supabase/ssr's default: `base64-` + base64url(JSON). Otherwise raw JSON. */
  base64?: boolean;
  /** Force chunking with this chunk size (ssr splits at 3180 encoded chars). */
  chunkSize?: number;
}

/** The cookies @supabase/ssr would write for this session, using its own encoder and chunker. */
export function supabaseAuthCookies(
  accessToken: string,
  format: CookieFormat = {},
  extraSession: Record<string, unknown> = {},
): { name: string; value: string }[] {
  const json = sessionJson(accessToken, extraSession);
  const value = format.base64 === false ? json : `base64-${stringToBase64URL(json)}`;
  return createChunks(TEST_AUTH_COOKIE, value, format.chunkSize);
}

/** A Cookie request header carrying those cookies (plus unrelated ones, as browsers send). */
export function cookieHeader(cookies: { name: string; value: string }[]): string {
  return [{ name: "theme", value: "dark" }, ...cookies]
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
}
