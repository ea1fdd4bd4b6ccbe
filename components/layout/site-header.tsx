import Link from "next/link";
import { MessagesSquare } from "lucide-react";
import { getSessionUser } from "@/lib/auth";
import { MainNav } from "./main-nav";
import { RunningBatchesIndicator } from "./running-batches-indicator";
import { UserMenu } from "./user-menu";

/** The skip link's target; the root layout gives <main> this id. */
export const MAIN_CONTENT_ID = "main-content";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/80">
      {/* On narrow screens the nav drops to its own row instead of scrolling out of sight. */}
      <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 sm:flex-nowrap sm:py-0 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <MessagesSquare aria-hidden="true" className="size-5 text-primary" />
          <span className="hidden sm:inline">Training Data Studio</span>
          <span className="sr-only sm:hidden">Training Data Studio, home</span>
        </Link>
        <MainNav className="order-last -mx-3 basis-full sm:order-none sm:mx-0 sm:flex-1 sm:basis-auto" />
        <div className="ml-auto flex items-center gap-2 sm:ml-0">
          {/* Signed-in only: the stream behind it answers 401 to nobody. */}
          {user ? <RunningBatchesIndicator /> : null}
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}

/** First focusable element on every page: jumps past the header to the page's content. */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className="sr-only z-50 rounded-md bg-background px-4 py-2 text-sm font-medium shadow-md outline-none focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus-visible:ring-2 focus-visible:ring-ring"
    >
      Skip to content
    </a>
  );
}
