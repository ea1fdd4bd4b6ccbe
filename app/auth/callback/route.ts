import { NextResponse } from "next/server";
import { safeRedirectPath } from "@/lib/auth/redirect-path";
import { seeOther } from "@/lib/auth/see-other";
import type { CallbackErrorReason } from "@/lib/auth/sign-in-messages";
import { createSupabaseRouteClient, type CookieToSet } from "@/lib/auth/supabase-route-client";
import { isSupabaseConfigured } from "@/lib/env";
import { errorLogger } from "@/lib/errors";

/**
 * GET /auth/callback: where the magic link lands, with `?code=` (PKCE). The code is
 * exchanged for a session together with the code verifier that the login form's browser
 * client stored in a cookie when it asked for the link, so only the browser that asked can
 * finish the sign-in. A link opened elsewhere, or a crafted one (login CSRF: an attacker's
 * own code or `token_hash` sent to a victim), has no verifier here and goes to /login.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const next = safeRedirectPath(url.searchParams.get("next"));
  if (!isSupabaseConfigured()) return seeOther("/");

  const written: CookieToSet[] = [];
  const failure = (reason: CallbackErrorReason) => {
    const query = new URLSearchParams({ error: reason, next });
    return withCookies(seeOther(`/login?${query.toString()}`), written);
  };

  // Supabase itself redirects here with ?error_code=otp_expired when the link is stale.
  if (url.searchParams.get("error_code") === "otp_expired") return failure("link_expired");

  // A bare token_hash is never accepted: it signs in whoever opens it, in any browser.
  const code = url.searchParams.get("code");
  if (!code) return failure("link_invalid");

  try {
    const { client, cookiesToSet } = createSupabaseRouteClient(request);
    const { error } = await client.auth.exchangeCodeForSession(code);
    // Whatever happened, the verifier is spent (supabase-js clears it): send what it wrote.
    written.push(...cookiesToSet);
    if (error) return failure(error.code === "otp_expired" ? "link_expired" : "link_invalid");
  } catch (error) {
    errorLogger.error(error, { route: "/auth/callback" });
    return failure("sign_in_failed");
  }
  return withCookies(seeOther(next), written);
}

/** The redirect with the session (or the cleared verifier) cookies the exchange wrote. */
function withCookies(response: Response, cookies: readonly CookieToSet[]): Response {
  if (cookies.length === 0) return response;
  const next = new NextResponse(null, { status: response.status, headers: response.headers });
  for (const { name, value, options } of cookies) next.cookies.set(name, value, options);
  return next;
}
