import "server-only";

/*
 * The server's view of auth. Client components import `./supabase-browser`,
 * `./local-user`, `./redirect-path` or `./types` directly (this barrel is server-only).
 */
export type { CurrentUser } from "./types";
export { getSessionUser, requireSessionUser } from "./session-user";
