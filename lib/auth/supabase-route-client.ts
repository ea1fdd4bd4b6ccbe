import "server-only";
import { createServerClient, type CookieOptions } from "@supabase/ssr";
import { serverEnv, type ServerEnv } from "@/lib/env";
import { cookiesFromRequest } from "./cookie-token";
import { serverRealtimeOptions } from "./node-websocket";
import { supabaseSettings } from "./supabase-server";

export interface CookieToSet {
  name: string;
  value: string;
  options: CookieOptions;
}

/**
 * A Supabase client bound to one route request: it reads the request's own cookies (the
 * session, the PKCE code verifier) and collects what it writes, for the route to put on
 * the response it returns. No next/headers, so it works the same in a test. Create one
 * per request and never keep it.
 */
export function createSupabaseRouteClient(request: Request, env: ServerEnv = serverEnv()) {
  const { url, anonKey } = supabaseSettings(env);
  const cookiesToSet: CookieToSet[] = [];
  const incoming = cookiesFromRequest(request).map((cookie) => ({ name: cookie.name, value: cookie.value ?? "" }));
  const client = createServerClient(url, anonKey, {
    cookies: {
      getAll: () => incoming,
      setAll: (cookies) => {
        for (const cookie of cookies) cookiesToSet.push(cookie);
      },
    },
    realtime: serverRealtimeOptions,
  });
  return { client, cookiesToSet };
}
