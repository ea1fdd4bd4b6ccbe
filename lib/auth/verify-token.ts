import "server-only";
import { createClient } from "@supabase/supabase-js";
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { ServerEnv } from "@/lib/env";
import { isUuid } from "@/lib/uuid";
import { authServiceUnavailable, invalidToken, tokenExpired } from "./auth-errors";
import { serverRealtimeOptions } from "./node-websocket";

/** Who a verified token belongs to. */
export interface VerifiedIdentity {
  id: string;
  email: string | null;
}

/** Real access tokens are ~1 kB; refusing huge ones keeps junk away from the verifier. */
const MAX_TOKEN_LENGTH = 16_384;
/** Tolerates small clock drift between this server and Supabase Auth. */
const CLOCK_TOLERANCE_SECONDS = 5;
const EXPECTED_AUDIENCE = "authenticated";

/**
 * Verifies a Supabase access token and returns its user. With SUPABASE_JWT_SECRET it is
 * checked locally (HS256, no network); otherwise Supabase Auth checks it via getClaims().
 * Throws ERR_AUTH_TOKEN_EXPIRED or ERR_AUTH_INVALID_TOKEN (never a raw library error).
 */
export async function verifyAccessToken(token: string, env: ServerEnv): Promise<VerifiedIdentity> {
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) {
    throw invalidToken("not a compact JWT");
  }
  const payload = env.SUPABASE_JWT_SECRET
    ? await verifyLocally(token, env.SUPABASE_JWT_SECRET, env)
    : await verifyWithSupabase(token, env);
  return identityFromClaims(payload);
}

/** The `iss` Supabase Auth writes into its access tokens: the project URL + /auth/v1. */
export function expectedIssuer(supabaseUrl: string): string {
  return `${supabaseUrl.replace(/\/+$/, "")}/auth/v1`;
}

async function verifyLocally(token: string, secret: string, env: ServerEnv): Promise<JWTPayload> {
  const url = env.NEXT_PUBLIC_SUPABASE_URL;
  if (!url) throw invalidToken("Supabase is not configured");
  try {
    // The secret is the project's, but tokens of another project (or hand-made ones) must not
    // pass: issuer and audience are checked, and a token that never expires is refused.
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      issuer: expectedIssuer(url),
      audience: EXPECTED_AUDIENCE,
      requiredClaims: ["exp", "sub", "aud", "iss"],
    });
    return payload;
  } catch (error) {
    // jose checks the signature before the claims, so "expired" is only said of genuine tokens.
    if (error instanceof joseErrors.JWTExpired) throw tokenExpired();
    const reason = error instanceof joseErrors.JOSEError ? error.code : "verification failed";
    throw invalidToken(reason);
  }
}

async function verifyWithSupabase(token: string, env: ServerEnv): Promise<JWTPayload> {
  const url = env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !anonKey) throw invalidToken("Supabase is not configured");

  // Answer "expired" without a network round trip when the token says so itself.
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw invalidToken("malformed JWT");
  }
  if (typeof unverified.exp === "number" && unverified.exp + CLOCK_TOLERANCE_SECONDS < Date.now() / 1000) {
    throw tokenExpired();
  }

  // A fresh client per call: it holds no session, so nothing leaks between requests.
  const client = createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: serverRealtimeOptions,
  });
  const { data, error } = await client.auth.getClaims(token);
  if (error) {
    if (error.name === "AuthRetryableFetchError" || (error.status !== undefined && error.status >= 500)) {
      throw authServiceUnavailable(error);
    }
    if (/expired/i.test(error.message)) throw tokenExpired();
    throw invalidToken(error.name);
  }
  if (!data) throw invalidToken("no claims");
  return data.claims as JWTPayload;
}

/**
 * The checks both paths share: it expires, who it is for, and that it is a signed-in
 * user's token (aud "authenticated"). Supabase Auth's own verification (getClaims) does not
 * insist on exp or aud, so they are required here for both paths.
 */
function identityFromClaims(payload: JWTPayload): VerifiedIdentity {
  const { sub, aud, exp } = payload;
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw invalidToken("no exp");
  if (exp + CLOCK_TOLERANCE_SECONDS < Date.now() / 1000) throw tokenExpired();
  if (!isUuid(sub)) throw invalidToken("sub is not a UUID");
  const audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (!audiences.includes(EXPECTED_AUDIENCE)) throw invalidToken("wrong audience");
  // anon and service_role keys are JWTs signed with the same secret; they are not users.
  const role = payload.role;
  if (role !== undefined && role !== EXPECTED_AUDIENCE) throw invalidToken("not a user token");
  const email = typeof payload.email === "string" && payload.email !== "" ? payload.email : null;
  return { id: sub.toLowerCase(), email };
}
