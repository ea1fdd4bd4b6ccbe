import type { NextRequest } from "next/server";
import { updateSession } from "@/lib/auth/proxy-session";

/** Next 16's renamed middleware: keeps the Supabase session fresh and guards pages. */
export async function proxy(request: NextRequest) {
  return updateSession(request);
}

export const config = {
  // Static files and images need no session; everything else (pages and /api) passes through.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml|css|js|map)$).*)"],
};
