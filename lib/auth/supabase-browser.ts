import { createBrowserClient } from "@supabase/ssr";

/**
 * The browser's Supabase client (login form). It writes the session into the cookies that
 * the server reads. URL and anon key come from the server page as props: both are public.
 */
export function createSupabaseBrowserClient(url: string, anonKey: string) {
  return createBrowserClient(url, anonKey);
}
