"use client";

import { useMemo, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { AlertCircle, Loader2, LogIn, MailCheck, Send } from "lucide-react";
import type { z } from "zod";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";
import { createSupabaseBrowserClient } from "@/lib/auth/supabase-browser";
import { config } from "@/lib/config";
import { magicLinkSchema, passwordSignInSchema } from "@/lib/auth/sign-in-schema";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";

interface LoginFormProps {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** Same-site path to open after signing in (already checked by the page). */
  next: string;
  /** A problem reported by the magic-link callback, in plain words. */
  initialError?: string | null;
}

type Pending = "password" | "magic-link" | null;
type FieldErrors = Partial<Record<"email" | "password", string>>;

function firstErrors(error: z.ZodError): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if ((field === "email" || field === "password") && result[field] === undefined) result[field] = issue.message;
  }
  return result;
}

/** Email + password sign-in, or a magic link by email. Errors are shown inline and announced. */
export function LoginForm({ supabaseUrl, supabaseAnonKey, next, initialError = null }: LoginFormProps) {
  const router = useRouter();
  const supabase = useMemo(
    () => createSupabaseBrowserClient(supabaseUrl, supabaseAnonKey),
    [supabaseUrl, supabaseAnonKey],
  );
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState<Pending>(null);
  const [formError, setFormError] = useState<string | null>(initialError);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);

  function begin(kind: Exclude<Pending, null>) {
    setPending(kind);
    setFormError(null);
    setLinkSentTo(null);
  }

  async function signInWithPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = passwordSignInSchema.safeParse({ email, password });
    setFieldErrors(parsed.success ? {} : firstErrors(parsed.error));
    if (!parsed.success) return;
    begin("password");
    try {
      const { error } = await supabase.auth.signInWithPassword(parsed.data);
      if (error) {
        setFormError(signInErrorMessage(error));
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setFormError(signInErrorMessage({ name: "AuthRetryableFetchError" }));
    } finally {
      setPending(null);
    }
  }

  async function sendMagicLink() {
    const parsed = magicLinkSchema.safeParse({ email });
    setFieldErrors(parsed.success ? {} : firstErrors(parsed.error));
    if (!parsed.success) return;
    begin("magic-link");
    try {
      const callback = new URL("/auth/callback", window.location.origin);
      callback.searchParams.set("next", next);
      const { error } = await supabase.auth.signInWithOtp({
        email: parsed.data.email,
        // Unknown emails get no account unless sign-ups are on (lib/config.ts).
        options: { emailRedirectTo: callback.toString(), shouldCreateUser: config.auth.allowSignUps },
      });
      if (error) setFormError(signInErrorMessage(error));
      else setLinkSentTo(parsed.data.email);
    } catch {
      setFormError(signInErrorMessage({ name: "AuthRetryableFetchError" }));
    } finally {
      setPending(null);
    }
  }

  const busy = pending !== null;
  return (
    <form onSubmit={signInWithPassword} noValidate className="space-y-5" data-testid="login-form">
      {formError ? (
        <Alert variant="destructive" data-testid="login-error">
          <AlertCircle aria-hidden="true" />
          <AlertTitle>Could not sign you in</AlertTitle>
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      {linkSentTo ? (
        <Alert variant="success" data-testid="magic-link-sent">
          <MailCheck aria-hidden="true" />
          <AlertTitle>Check your inbox</AlertTitle>
          <AlertDescription>
            We sent a sign-in link to {linkSentTo}. Open it in this browser to continue.
          </AlertDescription>
        </Alert>
      ) : null}

      <FormField id="login-email" label="Email" error={fieldErrors.email}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </FormField>

      <FormField id="login-password" label="Password" error={fieldErrors.password}>
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </FormField>

      <Button type="submit" className="w-full" disabled={busy}>
        {pending === "password" ? (
          <Loader2 aria-hidden="true" className="animate-spin" />
        ) : (
          <LogIn aria-hidden="true" />
        )}
        {pending === "password" ? "Signing in…" : "Sign in"}
      </Button>

      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>

      <Button type="button" variant="outline" className="w-full" disabled={busy} onClick={sendMagicLink}>
        {pending === "magic-link" ? (
          <Loader2 aria-hidden="true" className="animate-spin" />
        ) : (
          <Send aria-hidden="true" />
        )}
        {pending === "magic-link" ? "Sending link…" : "Email me a magic link"}
      </Button>
      <p className="text-center text-xs text-muted-foreground">The magic link needs only your email: no password.</p>
    </form>
  );
}
