import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getUserFromCookies } from "./current-user";
import type { CurrentUser } from "./types";

/**
 * The signed-in user for server components, or null when signed out. Cached per request
 * so the layout and the page verify the token once between them.
 */
export const getSessionUser = cache(async (): Promise<CurrentUser | null> => {
  const cookieStore = await cookies();
  return getUserFromCookies(cookieStore.getAll());
});

/** For pages that need a user: sends a signed-out visitor to /login (proxy.ts usually has already). */
export async function requireSessionUser(): Promise<CurrentUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}
