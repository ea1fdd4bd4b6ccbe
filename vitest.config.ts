import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// `server-only` throws outside a React Server Components bundle; tests run server
// modules directly, so it resolves to an empty module here.
const serverOnlyShim = { "server-only": path.resolve(import.meta.dirname, "tests/support/server-only-shim.ts") };

export default defineConfig({
  resolve: { alias: { ...alias, ...serverOnlyShim } },
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "components",
          environment: "jsdom",
          include: ["tests/components/**/*.test.tsx"],
          setupFiles: ["tests/support/setup-dom.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          // tests/contract: the component tests' fake APIs against the real routes, on the
          // same databases as the integration suite (PGlite, or PostgreSQL in npm run test:pg).
          include: ["tests/integration/**/*.test.ts", "tests/contract/**/*.test.ts"],
          // One PGlite (or Postgres schema) per file; files run in parallel workers.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Real `next start` processes on a real PostgreSQL, killed with SIGKILL: needs a
          // production build in .next and TEST_DATABASE_URL (npm run test:process). Not part of
          // `npm test`: run it with --project process.
          name: "process",
          environment: "node",
          include: ["tests/process/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
