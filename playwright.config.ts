import path from "node:path";
import { defineConfig } from "@playwright/test";

/*
 * Browser suite: the PRODUCTION build (next build + next start) in Debian's Chromium.
 * Browsers cannot be downloaded here, so the system binary is used (CHROMIUM_PATH overrides).
 *
 * The server gets its own PGlite directory, wiped and seeded before it starts, so a run
 * never touches the dev data in .data/pglite. Seeding happens before `next start` because
 * an embedded data dir is locked by one process at a time.
 *
 * E2E_SKIP_BUILD=1 reuses the existing .next build (faster local iteration).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const dataDir = path.resolve(import.meta.dirname, ".data", "e2e");
/*
 * A second server on the same build whose offline generator fails every call, half with a rate
 * limit (Retry-After 2 s) and half with a network failure: the notifications spec needs both
 * toasts from one small batch. Its own data dir keeps those failures out of the other specs.
 */
const FAULTS_PORT = Number(process.env.E2E_FAULTS_PORT ?? 3101);
const FAULTS_URL = `http://127.0.0.1:${FAULTS_PORT}`;
const faultsDataDir = path.resolve(import.meta.dirname, ".data", "e2e-faults");
const build = process.env.E2E_SKIP_BUILD === "1" ? "" : "npm run build && ";

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // No stray DNS look-ups: everything but the app's loopback address fails fast.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
      ],
    },
  },
  projects: [
    { name: "app", testIgnore: /(batch-run|backup|notifications|exports)\.spec\.ts$/ },
    // Generates conversations and a batch, which the other specs' seeded counts would then see:
    // it runs after them.
    { name: "batches", testMatch: /batch-run\.spec\.ts$/, dependencies: ["app"] },
    // Creates a backup, which the app specs' seeded backup counts would then see: it runs after them.
    { name: "backup", testMatch: /backup\.spec\.ts$/, dependencies: ["app"] },
    // Generates a batch, makes a backup, deletes and imports conversations: after every spec that
    // counts the seeded ones (the bulk-delete spec picks the first rows, the batch spec its own).
    { name: "exports", testMatch: /exports\.spec\.ts$/, dependencies: ["app", "batches", "backup"] },
    // Against the fault-injecting server; last, so a slow countdown never delays the others.
    {
      name: "notifications",
      testMatch: /notifications\.spec\.ts$/,
      dependencies: ["app", "batches", "backup", "exports"],
      use: { baseURL: FAULTS_URL },
    },
  ],
  // Playwright starts these in order, so the second reuses the build the first made.
  webServer: [
    {
      command: `${build}tsx tests/e2e/support/seed.ts && npm run start -- -H 127.0.0.1 -p ${PORT}`,
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: !process.env.CI,
      // `next build` on two cores takes minutes.
      timeout: 900_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: dataDir,
        // The embedded defaults, whatever the developer's shell has set.
        DATABASE_URL: "",
        NEXT_PUBLIC_SUPABASE_URL: "",
        NEXT_PUBLIC_SUPABASE_ANON_KEY: "",
        SUPABASE_JWT_SECRET: "",
        // Local mode under `next start` (a production server) needs the explicit opt-in, and -H 127.0.0.1.
        ALLOW_LOCAL_MODE: "1",
        ALLOWED_HOSTS: "",
        ANTHROPIC_API_KEY: "",
        // The offline generator takes this long per item, so a 30-item batch (three in flight)
        // runs for about 20 s: long enough for the batch-run spec to close its page, come back
        // and pause it before it is done.
        GENERATION_LATENCY_MS: "2000",
        GENERATION_FAULTS: "",
      },
    },
    {
      command: `tsx tests/e2e/support/seed.ts && npm run start -- -H 127.0.0.1 -p ${FAULTS_PORT}`,
      url: `${FAULTS_URL}/api/health`,
      reuseExistingServer: !process.env.CI,
      // Started after the first server, so the build is done: only seeding and start-up remain.
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: faultsDataDir,
        // The embedded defaults, whatever the developer's shell has set.
        DATABASE_URL: "",
        NEXT_PUBLIC_SUPABASE_URL: "",
        NEXT_PUBLIC_SUPABASE_ANON_KEY: "",
        SUPABASE_JWT_SECRET: "",
        // Local mode under `next start` (a production server) needs the explicit opt-in, and -H 127.0.0.1.
        ALLOW_LOCAL_MODE: "1",
        ALLOWED_HOSTS: "",
        ANTHROPIC_API_KEY: "",
        GENERATION_LATENCY_MS: "100",
        GENERATION_FAULTS: "rate_limit:0.5,network:0.5",
      },
    },
  ],
});
