import Link from "next/link";
import { LogOut, User } from "lucide-react";
import type { CurrentUser } from "@/lib/auth";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/**
 * Who is signed in. Local mode has one fixed user and nothing to sign out of; Supabase mode
 * shows the email and signs out with a plain form POST, so it works before hydration.
 */
export function UserMenu({ user }: { user: CurrentUser | null }) {
  if (user === null) {
    return (
      <Button asChild variant="outline" size="sm">
        <Link href="/login">Sign in</Link>
      </Button>
    );
  }
  if (user.mode === "local") {
    return (
      <Badge variant="secondary" title="No sign-in configured: everything belongs to this machine's one user">
        <User aria-hidden="true" />
        Local user
      </Badge>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-2">
      <span
        className="hidden max-w-48 truncate text-sm text-muted-foreground sm:inline"
        title={user.email ?? undefined}
      >
        {user.email ?? "Signed in"}
      </span>
      <form action="/auth/sign-out" method="post">
        <Button type="submit" variant="ghost" size="sm">
          <LogOut aria-hidden="true" />
          Sign out
        </Button>
      </form>
    </div>
  );
}
