import "server-only";
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { isSupabaseConfigured, serverEnv, type ServerEnv } from "@/lib/env";
import { isAuthFailure } from "./auth-errors";
import { serverRealtimeOptions } from "./node-websocket";
import { isPublicPagePath } from "./redirect-path";
import { supabaseSettings } from "./supabase-server";
import { verifyAccessToken } from "./verify-token";

/**
 * Runs in proxy.ts before every request (Supabase mode only): refreshes an expiring
 * session so the route or page below sees fresh cookies, and sends signed-out page
 * requests to /login. API routes are never redirected: they answer 401 themselves.
 */
export async function updateSession(request: NextRequest, env: ServerEnv = serverEnv()): Promise<NextResponse> {
  if (!isSupabaseConfigured(env)) return NextResponse.next();
  const { url, anonKey } = supabaseSettings(env);

  let response = NextResponse.next({ request });
  const supabase = createServerClient(url, anonKey, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet, headers) => {
        // Write to the request too, so the route handler or page below reads the new tokens.
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
    realtime: serverRealtimeOptions,
  });

  const pathname = request.nextUrl.pathname;
  const isPage = !pathname.startsWith("/api/") && !isPublicPagePath(pathname);
  let signedIn = false;
  try {
    // getSession() refreshes an expired access token (writing cookies through setAll);
    // the token it returns is then verified, never trusted as is.
    const { data, error } = await supabase.auth.getSession();
    if (error?.name === "AuthRetryableFetchError") return response;
    const token = data.session?.access_token;
    if (token && isPage) {
      await verifyAccessToken(token, env);
      signedIn = true;
    }
  } catch (error) {
    // A fault (Supabase unreachable) is not "signed out": let the page render and report it.
    if (!isAuthFailure(error)) return response;
  }

  if (!isPage || signedIn) return response;

  const loginUrl = request.nextUrl.clone();
  loginUrl.pathname = "/login";
  loginUrl.search = "";
  loginUrl.searchParams.set("next", pathname + request.nextUrl.search);
  const redirect = NextResponse.redirect(loginUrl);
  // Keep whatever the refresh attempt wrote (e.g. clearing a dead session).
  for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
  return redirect;
}
