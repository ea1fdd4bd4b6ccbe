import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { House } from "lucide-react";
import { LoginForm } from "@/components/auth/login-form";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth";
import { safeRedirectPath } from "@/lib/auth/redirect-path";
import { callbackErrorMessage } from "@/lib/auth/sign-in-messages";
import { isSupabaseConfigured, serverEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
// Depends on the session cookie of each request.
export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const query = await searchParams;
  const next = safeRedirectPath(single(query.next));

  if (!isSupabaseConfigured()) {
    return (
      <div className="mx-auto max-w-md space-y-6">
        <PageHeader
          title="Sign-in is not needed"
          description="This install has no accounts: it runs as one local user."
        />
        <Card>
          <CardContent className="space-y-4 pt-6 text-sm text-muted-foreground">
            <p>
              Everything you create here belongs to this machine&apos;s local user. To use accounts, set
              NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY and restart the app.
            </p>
            <Button asChild>
              <Link href="/">
                <House aria-hidden="true" />
                Go to the overview
              </Link>
            </Button>
          </CardContent>
        </Card>
      </div>
    );
  }

  if (await getSessionUser()) redirect(next);

  const env = serverEnv();
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageHeader title="Sign in" description="Use your email and password, or get a one-time link by email." />
      <Card>
        <CardContent className="pt-6">
          <LoginForm
            // Both are public by design (the anon key is meant for browsers); no secret is passed.
            supabaseUrl={env.NEXT_PUBLIC_SUPABASE_URL as string}
            supabaseAnonKey={env.NEXT_PUBLIC_SUPABASE_ANON_KEY as string}
            next={next}
            initialError={callbackErrorMessage(single(query.error))}
          />
        </CardContent>
      </Card>
    </div>
  );
}
