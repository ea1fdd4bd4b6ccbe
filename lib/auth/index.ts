import "server-only";

/*
 * The server's view of auth. Client components import `./supabase-browser`,
 * `./local-user`, `./redirect-path` or `./types` directly (this barrel is server-only).
 */
export type { AuthMode, CurrentUser } from "./types";
export { LOCAL_USER, LOCAL_USER_ID } from "./local-user";
export { getCurrentUser, getOptionalUser, getUserFromCookies } from "./current-user";
export { getSessionUser, requireSessionUser } from "./session-user";
export { verifyAccessToken, type VerifiedIdentity } from "./verify-token";
export { authCookieName, readAccessTokenFromCookies } from "./cookie-token";
export { createSupabaseServerClient, supabaseSettings } from "./supabase-server";
export { isAuthFailure } from "./auth-errors";
export { safeRedirectPath } from "./redirect-path";
