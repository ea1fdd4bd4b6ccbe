import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package directory; bundling it
  // breaks those paths in server components (see STACK-NOTES.md). postgres.js and ws
  // are Node-only and gain nothing from bundling.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ws"],
  // lib/db/migrate.ts reads these at run time through dynamic paths the build cannot
  // trace (they are marked turbopackIgnore), so ship them with every server route.
  outputFileTracingIncludes: {
    "/*": ["./supabase/migrations/*.sql", "./supabase/local/*.sql"],
  },
  poweredByHeader: false,
  // On every response: pages, API routes, 404s and static chunks alike.
  async headers() {
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

export default nextConfig;
