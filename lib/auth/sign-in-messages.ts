/**
 * Plain-language sentences for what Supabase Auth answers the login form. Supabase's own
 * text is never shown: it changes between versions and sometimes says more than it should.
 */

interface AuthErrorLike {
  name?: string;
  message?: string;
  status?: number;
  code?: string;
}

export function signInErrorMessage(error: AuthErrorLike): string {
  const code = error.code ?? "";
  const message = (error.message ?? "").toLowerCase();
  if (error.name === "AuthRetryableFetchError" || error.status === 0) {
    return "We could not reach the sign-in service. Check your connection and try again.";
  }
  if (error.status === 429 || code.includes("rate_limit") || message.includes("rate limit")) {
    return "Too many sign-in attempts. Wait a minute, then try again.";
  }
  if (code === "invalid_credentials" || message.includes("invalid login credentials")) {
    return "The email or password is not right. Check both, or email yourself a magic link instead.";
  }
  if (code === "email_not_confirmed" || message.includes("email not confirmed")) {
    return "Confirm your email address first: open the link in the email we sent you.";
  }
  if (code === "otp_disabled" || code === "signup_disabled" || message.includes("signups not allowed")) {
    return "There is no account for this email address. Ask your administrator for an invitation.";
  }
  if (code === "user_banned") return "This account is blocked. Contact your administrator.";
  return "Sign-in did not work. Try again; if it keeps failing, email yourself a magic link.";
}

/** Reasons the magic-link callback sends back to /login as `?error=`; anything else is ignored. */
export const CALLBACK_ERROR_MESSAGES = {
  link_invalid:
    "That sign-in link did not work: it may have been used already, or opened in another browser than the one you requested it from. Request a new one below.",
  link_expired: "That sign-in link has expired. Request a new one below.",
  sign_in_failed: "Sign-in could not be completed. Try again.",
} as const;

export type CallbackErrorReason = keyof typeof CALLBACK_ERROR_MESSAGES;

export function callbackErrorMessage(reason: string | undefined): string | null {
  return reason !== undefined && Object.hasOwn(CALLBACK_ERROR_MESSAGES, reason)
    ? CALLBACK_ERROR_MESSAGES[reason as CallbackErrorReason]
    : null;
}
