/**
 * Where to send a user after signing in. Only same-site paths are allowed: a `next` of
 * `//evil.example` or `https://...` would turn the login page into an open redirect.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters have no place in a path and some browsers strip them into "//".
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}

/** Paths a signed-out visitor may open (everything else redirects to /login in Supabase mode). */
export function isPublicPagePath(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/") || pathname.startsWith("/auth/");
}
