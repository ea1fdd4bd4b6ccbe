import { cookies } from "next/headers";
import { isCrossSiteRequest } from "@/lib/http/cross-site";
import { errorToResponse } from "@/lib/http/route-error-response";
import { authCookieName } from "@/lib/auth/cookie-token";
import { seeOther } from "@/lib/auth/see-other";
import { createSupabaseServerClient } from "@/lib/auth/supabase-server";
import { isSupabaseConfigured, serverEnv } from "@/lib/env";
import { AppError, ErrorCode, errorLogger } from "@/lib/errors";

/**
 * POST /auth/sign-out (the header's Sign out form). Ends this browser's session and opens
 * /login. 303 so the browser follows with a GET. A form on another site must not be able
 * to sign the user out, so cross-site posts are refused.
 */
export async function POST(request: Request) {
  if (isCrossSiteRequest(request)) {
    return errorToResponse(new AppError(ErrorCode.API_FORBIDDEN, "Sign out from the app itself."), request);
  }
  if (!isSupabaseConfigured()) return seeOther("/");

  try {
    const supabase = await createSupabaseServerClient();
    // "local": signing out here should not sign the user out of their other devices.
    await supabase.auth.signOut({ scope: "local" });
  } catch (error) {
    errorLogger.warn("Sign-out could not reach Supabase; clearing the session cookies anyway", {
      reason: error instanceof Error ? error.name : typeof error,
    });
  }

  // Whatever Supabase answered, this browser must end up without the session cookies.
  const cookieStore = await cookies();
  const name = authCookieName(serverEnv().NEXT_PUBLIC_SUPABASE_URL as string);
  for (const cookie of cookieStore.getAll()) {
    if (cookie.name === name || cookie.name.startsWith(`${name}.`)) cookieStore.delete(cookie.name);
  }
  return seeOther("/login");
}
