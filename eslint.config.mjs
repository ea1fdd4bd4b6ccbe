import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const SONNER = {
  name: "sonner",
  message:
    "Use notificationManager from @/components/notifications/notification-manager (or components/notifications/notify).",
};
const SONNER_DEEP = { group: ["sonner/*"], message: SONNER.message };
const UPWARD = [
  {
    group: ["@/components/*", "@/components"],
    message: "lib must not import components: imports run app -> components -> lib.",
  },
  { group: ["@/app/*", "@/app"], message: "lib must not import app: imports run app -> components -> lib." },
];
const APP_FROM_COMPONENTS = {
  group: ["@/app/*", "@/app"],
  message: "components must not import app: imports run app -> components -> lib.",
};
const HTTP_LAYER = {
  group: ["@/lib/http", "@/lib/http/*", "**/lib/http", "**/lib/http/*", "../http", "../http/*"],
  message:
    "lib/http is the server's HTTP layer: only route handlers (app/**/route.ts), proxy.ts, instrumentation, scripts and tests import it. Domain code takes plain arguments and throws AppErrors (validation: @/lib/errors/validation).",
};
/** Where the HTTP layer may be imported: the HTTP edge of the app, headless scripts and tests. */
const HTTP_EDGE = [
  "app/api/**",
  "app/**/route.ts",
  "scripts/**",
  "tests/**",
  "instrumentation*.ts",
  "proxy.ts",
  "middleware.ts",
];
/** lib modules that are part of the HTTP edge: the layer itself, and proxy.ts's Host guard (answers in the error shape). */
const HTTP_EDGE_LIB = ["lib/http/**", "lib/security/local-host-guard.ts"];

/** One no-restricted-imports setting: a later block for the same file replaces an earlier one, so each lists all it forbids. */
const restrict = (paths, patterns) => ({ "no-restricted-imports": ["error", { paths, patterns }] });

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Every toast goes through the NotificationManager (de-duplication, treatments, the shared
    // rate-limit countdown); only lib/notifications (the Sonner adapter) and the Toaster mount
    // talk to Sonner. Pages and components never reach the server's HTTP layer.
    ignores: ["lib/**", "components/notifications/toaster.tsx"],
    rules: restrict([SONNER], [SONNER_DEEP, HTTP_LAYER]),
  },
  {
    files: ["components/**"],
    ignores: ["components/notifications/toaster.tsx"],
    rules: restrict([SONNER], [SONNER_DEEP, HTTP_LAYER, APP_FROM_COMPONENTS]),
  },
  {
    files: ["components/notifications/toaster.tsx"],
    rules: restrict([], [HTTP_LAYER, APP_FROM_COMPONENTS]),
  },
  {
    // Imports run app -> components -> lib: nothing in lib may import a component or a route,
    // and domain code does not depend on the HTTP layer.
    files: ["lib/**"],
    ignores: ["lib/notifications/**"],
    rules: restrict([SONNER], [SONNER_DEEP, ...UPWARD, HTTP_LAYER]),
  },
  {
    files: ["lib/notifications/**"],
    rules: restrict([], [...UPWARD, HTTP_LAYER]),
  },
  {
    // The HTTP edge: the same rules minus HTTP_LAYER.
    files: HTTP_EDGE,
    rules: restrict([SONNER], [SONNER_DEEP]),
  },
  {
    files: HTTP_EDGE_LIB,
    rules: restrict([SONNER], [SONNER_DEEP, ...UPWARD]),
  },
]);
