import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package directory; bundling it
  // breaks those paths in server components (see STACK-NOTES.md). postgres.js and ws
  // are Node-only and gain nothing from bundling.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ws"],
  poweredByHeader: false,
};

export default nextConfig;
