/** How the app knows who the user is: one fixed local user, or a verified Supabase token. */
export type AuthMode = "local" | "supabase";

/** The signed-in user as every route and page sees it. Never requires a users row. */
export interface CurrentUser {
  id: string;
  email: string | null;
  mode: AuthMode;
}
