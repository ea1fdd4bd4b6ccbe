import type { CurrentUser } from "./types";

/**
 * The one user of an install without Supabase. A fixed id (not random per start) so rows
 * written before a restart still belong to the same user afterwards.
 */
export const LOCAL_USER_ID = "00000000-0000-4000-8000-000000000001";

export const LOCAL_USER: Readonly<CurrentUser> = Object.freeze({
  id: LOCAL_USER_ID,
  email: null,
  mode: "local",
});
