import type { EmailOtpType } from "@supabase/supabase-js";
import { z } from "zod";
import { createSupabaseServerClient } from "@/lib/auth/supabase-server";
import { safeRedirectPath } from "@/lib/auth/redirect-path";
import { seeOther } from "@/lib/auth/see-other";
import type { CallbackErrorReason } from "@/lib/auth/sign-in-messages";
import { isSupabaseConfigured } from "@/lib/env";
import { errorLogger } from "@/lib/errors";

const otpTypeSchema = z.enum(["signup", "invite", "magiclink", "recovery", "email_change", "email"]);

/**
 * GET /auth/callback: where the magic link lands. Exchanges the one-time code (PKCE) or
 * token hash for a session, which @supabase/ssr writes into cookies, then opens `next`.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const next = safeRedirectPath(url.searchParams.get("next"));
  if (!isSupabaseConfigured()) return seeOther("/");

  const failure = (reason: CallbackErrorReason) => {
    const query = new URLSearchParams({ error: reason, next });
    return seeOther(`/login?${query.toString()}`);
  };

  // Supabase itself redirects here with ?error_code=otp_expired when the link is stale.
  if (url.searchParams.get("error_code") === "otp_expired") return failure("link_expired");

  const code = url.searchParams.get("code");
  const tokenHash = url.searchParams.get("token_hash");
  const type = otpTypeSchema.safeParse(url.searchParams.get("type"));
  if (!code && !(tokenHash && type.success)) return failure("link_invalid");

  try {
    const supabase = await createSupabaseServerClient();
    const { error } = code
      ? await supabase.auth.exchangeCodeForSession(code)
      : await supabase.auth.verifyOtp({ token_hash: tokenHash as string, type: type.data as EmailOtpType });
    if (error) return failure(error.code === "otp_expired" ? "link_expired" : "link_invalid");
  } catch (error) {
    errorLogger.error(error, { route: "/auth/callback" });
    return failure("sign_in_failed");
  }
  return seeOther(next);
}
