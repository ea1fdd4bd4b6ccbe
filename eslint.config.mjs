import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const SONNER = {
  name: "sonner",
  message: "Use notificationManager from @/components/notifications/notification-manager (or components/notifications/notify).",
};
const SONNER_DEEP = { group: ["sonner/*"], message: SONNER.message };
const UPWARD = [
  { group: ["@/components/*", "@/components"], message: "lib must not import components: imports run app -> components -> lib." },
  { group: ["@/app/*", "@/app"], message: "lib must not import app: imports run app -> components -> lib." },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Every toast goes through the NotificationManager (de-duplication, treatments, the shared
    // rate-limit countdown); only lib/notifications (the Sonner adapter) and the Toaster mount
    // talk to Sonner.
    ignores: ["lib/**", "components/notifications/toaster.tsx"],
    rules: {
      "no-restricted-imports": ["error", { paths: [SONNER], patterns: [SONNER_DEEP] }],
    },
  },
  {
    // Imports run app -> components -> lib: nothing in lib may import a component or a route.
    files: ["lib/**"],
    ignores: ["lib/notifications/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [SONNER], patterns: [SONNER_DEEP, ...UPWARD] }],
    },
  },
  {
    files: ["lib/notifications/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: UPWARD }],
    },
  },
]);
