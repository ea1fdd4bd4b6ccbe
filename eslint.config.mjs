import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
    // rate-limit countdown); only the manager and the Toaster mount talk to Sonner.
    ignores: [
      "lib/notifications/**",
      "components/notifications/toaster.tsx",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "sonner", message: "Use notificationManager from @/lib/notifications (or components/notifications/notify)." }],
          patterns: [{ group: ["sonner/*"], message: "Use notificationManager from @/lib/notifications." }],
        },
      ],
    },
  },
]);
