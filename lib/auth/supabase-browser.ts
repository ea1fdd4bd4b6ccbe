import { createBrowserClient } from "@supabase/ssr";

/**
 * The browser's Supabase client (login form). It writes the session into the cookies that
 * the server reads. URL and anon key come from the server page as props: both are public.
 *
 * PKCE (spelled out, though @supabase/ssr defaults to it): signInWithOtp stores a code
 * verifier in this browser's cookies, and /auth/callback can exchange the link's code only
 * together with it. A link opened in another browser, or one an attacker sends, fails there.
 */
export function createSupabaseBrowserClient(url: string, anonKey: string) {
  return createBrowserClient(url, anonKey, { auth: { flowType: "pkce" } });
}
