import type { NextRequest } from "next/server";
import { updateSession } from "@/lib/auth/proxy-session";
import { refuseForeignHost } from "@/lib/security/local-host-guard";

/**
 * Next 16's renamed middleware. Local mode: refuses a Host that is not loopback (DNS
 * rebinding). Supabase mode: keeps the session fresh and guards pages.
 */
export async function proxy(request: NextRequest) {
  return refuseForeignHost(request) ?? updateSession(request);
}

export const config = {
  // Static files and images need no session; everything else (pages and /api) passes through.
  // /api is listed on its own so that no route path ending in ".js" or ".txt" skips the proxy.
  matcher: [
    "/api/:path*",
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml|css|js|map)$).*)",
  ],
};
