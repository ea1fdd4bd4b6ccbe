import "server-only";
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { AppError } from "@/lib/errors/classes";
import { ErrorCode } from "@/lib/errors/codes";
import { serverEnv, type ServerEnv } from "@/lib/env";
import { serverRealtimeOptions } from "./node-websocket";

export interface SupabaseProjectSettings {
  url: string;
  anonKey: string;
}

/** The project URL and anon key, or an error saying Supabase mode is off. */
export function supabaseSettings(env: ServerEnv = serverEnv()): SupabaseProjectSettings {
  const url = env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !anonKey) {
    throw new AppError(ErrorCode.CONFIG_INVALID, "Supabase sign-in is not configured on this server.");
  }
  return { url, anonKey };
}

/**
 * A Supabase client bound to this request's cookies, for route handlers and server
 * components. Create one per request and never keep it: it carries the user's session.
 */
export async function createSupabaseServerClient(env: ServerEnv = serverEnv()) {
  const { url, anonKey } = supabaseSettings(env);
  const cookieStore = await cookies();
  return createServerClient(url, anonKey, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (cookiesToSet) => {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server components cannot set cookies; proxy.ts refreshes the session instead.
        }
      },
    },
    realtime: serverRealtimeOptions,
  });
}
